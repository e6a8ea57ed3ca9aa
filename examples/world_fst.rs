//! Builds the name index of `data/world-places.bin`: an `fst` map from sorted `key\tvalue` lines.
//!
//! Run by `scripts/world_places.py` (`cargo run --release --example world_fst -- IN OUT`); the
//! script writes the lines, this writes the map, the script embeds it as one of its sections.

use std::io::{BufRead, BufReader, BufWriter};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let (Some(input), Some(output)) = (args.next(), args.next()) else {
        return Err("usage: world_fst IN OUT".into());
    };
    let mut map = fst::MapBuilder::new(BufWriter::new(std::fs::File::create(output)?))?;
    for line in BufReader::new(std::fs::File::open(input)?).lines() {
        let line = line?;
        let (key, value) = line.rsplit_once('\t').ok_or("a line without a tab")?;
        map.insert(key, value.parse::<u64>()?)?;
    }
    map.finish()?;
    Ok(())
}
