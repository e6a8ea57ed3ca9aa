//! How the analysis scales: the reference article with its body repeated 1, 10 and 100 times.
//!
//! The group reports throughput (`thrpt`, MiB/s): the analysis is linear in the article, so the
//! three figures should be about equal. A 100× figure well below the 1× one means something
//! has become superlinear again (a scan of all earlier paragraphs per paragraph, of all
//! mentions per block, of all captions × paragraphs pairwise…).

use std::hint::black_box;

use article_viewer::analysis::{EMBEDDED_ARTICLE, Gazetteer, analyze, parse::parse};
use criterion::{Criterion, Throughput, criterion_group, criterion_main};

/// One date header, the body paragraphs `times` over, then the captions once.
fn article(times: usize) -> String {
    let doc = parse(EMBEDDED_ARTICLE).expect("the embedded article parses");
    let mut blocks: Vec<String> = Vec::new();
    for _ in 0..times {
        blocks.extend(doc.paragraphs.iter().cloned());
    }
    blocks.extend(
        doc.captions
            .iter()
            .map(|c| format!("{} ({})", c.text, c.credit)),
    );
    format!("title Benchmark\ndate 2020-11-25 {}\n", blocks.join("\n\n"))
}

fn analysis(c: &mut Criterion) {
    let gazetteer = Gazetteer::embedded();
    let mut group = c.benchmark_group("analysis");
    for times in [1, 10, 100] {
        let text = article(times);
        group.throughput(Throughput::Bytes(text.len() as u64));
        group.bench_function(format!("{times}x"), |b| {
            b.iter(|| analyze(black_box(&text), &gazetteer));
        });
    }
    group.finish();
}

criterion_group!(benches, analysis);
criterion_main!(benches);
