//! The gazetteer of the story's region and the matching of its names in the text.

use serde::Deserialize;

/// One place of the gazetteer.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct Place {
    pub slug: String,
    pub name: String,
    pub kind: String,
    pub coordinates: [f64; 2],
    #[serde(default)]
    pub aliases: Vec<String>,
}

/// The places the analysis can recognise.
#[derive(Debug, Clone, Default)]
pub struct Gazetteer {
    places: Vec<Place>,
}

#[derive(Debug, Clone, thiserror::Error)]
#[error("{0}")]
pub struct GazetteerError(pub String);

impl Gazetteer {
    /// The gazetteer embedded in the binary.
    #[must_use]
    pub fn embedded() -> Self {
        Self::default()
    }

    /// Parses a gazetteer file.
    ///
    /// # Errors
    /// Not valid TOML or not in the gazetteer format.
    pub fn parse(text: &str) -> Result<Self, GazetteerError> {
        let _ = text;
        Ok(Self::default())
    }

    /// Adds the places of `other`, replacing those with the same slug.
    #[must_use]
    pub fn with_overrides(self, other: Gazetteer) -> Self {
        let _ = other;
        self
    }

    /// The place with this slug.
    #[must_use]
    pub fn get(&self, slug: &str) -> Option<&Place> {
        self.places.iter().find(|p| p.slug == slug)
    }

    /// The place known by this name, slug or spelling, in any letter case.
    #[must_use]
    pub fn resolve(&self, name: &str) -> Option<&Place> {
        let _ = name;
        None
    }

    #[must_use]
    pub fn places(&self) -> &[Place] {
        &self.places
    }
}

/// A mention of a gazetteer place in a block (byte offsets, end exclusive).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FoundMention {
    pub block: usize,
    pub start: usize,
    pub end: usize,
    pub slug: String,
}

/// Every mention of a gazetteer place, in block and text order.
#[must_use]
pub fn find_territories(gazetteer: &Gazetteer, blocks: &[&str]) -> Vec<FoundMention> {
    let _ = (gazetteer, blocks);
    Vec::new()
}

/// Warnings for capitalised names that look like places but are not in the gazetteer.
#[must_use]
pub fn unknown_places(gazetteer: &Gazetteer, blocks: &[&str]) -> Vec<String> {
    let _ = (gazetteer, blocks);
    Vec::new()
}
