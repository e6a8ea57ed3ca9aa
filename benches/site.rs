//! Site benchmarks: building every page of the reference article once, and what one request
//! costs afterwards (the lookup and variant choice alone, then the whole app).
//!
//! `cargo bench --bench site` runs them; `cargo bench --bench site -- --test` checks they run.

use std::hint::black_box;
use std::time::Duration;

use article_viewer::cli::Input;
use article_viewer::pipeline;
use article_viewer::site::{Encoding, Lookup, Site};
use criterion::{Criterion, criterion_group, criterion_main};
use http::{Request, header};
use tower::ServiceExt as _;

fn reference_site() -> Site {
    let article_viewer::pipeline::Loaded {
        text,
        analysis,
        gazetteer,
    } = article_viewer::pipeline::load(&Input::default()).expect("the embedded article analyses");
    pipeline::build_site(&text, &analysis, &gazetteer, None, false).expect("the site renders")
}

fn site(c: &mut Criterion) {
    let article_viewer::pipeline::Loaded {
        text,
        analysis,
        gazetteer,
    } = article_viewer::pipeline::load(&Input::default()).expect("the embedded article analyses");
    let site = reference_site();
    let territory = site
        .pages()
        .map(|(path, _)| path)
        .filter(|p| p.starts_with("/territories/"))
        .min()
        .expect("the reference article names territories")
        .to_owned();

    let mut group = c.benchmark_group("site");

    // Every page rendered, gzip-9 and brotli-11 compressed and hashed: what start-up and each
    // live reload pay once.
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(10));
    group.bench_function("build", |b| {
        b.iter(|| {
            pipeline::build_site(
                black_box(&text),
                black_box(&analysis),
                &gazetteer,
                None,
                false,
            )
        });
    });

    // What a request costs inside the site: a hash lookup and a choice of prebuilt variant.
    group.sample_size(100);
    group.measurement_time(Duration::from_secs(3));
    for (name, path, encoding) in [
        ("lookup_variant/index_gzip", "/", Encoding::Gzip),
        ("lookup_variant/index_identity", "/", Encoding::Identity),
        (
            "lookup_variant/territory_brotli",
            territory.as_str(),
            Encoding::Brotli,
        ),
    ] {
        group.bench_function(name, |b| {
            b.iter(|| match site.lookup(black_box(path)) {
                Lookup::Page(page) => {
                    let v = page.variant(black_box(encoding));
                    black_box((&v.body, &v.headers));
                }
                other => panic!("{path}: {other:?}"),
            });
        });
    }

    // The whole app in process (security checks, lookup, prebuilt headers), without a socket.
    let app = article_viewer::app(reference_site());
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a tokio runtime");
    group.bench_function("app/index_gzip", |b| {
        b.iter(|| {
            let req = Request::get("/")
                .header(header::HOST, "127.0.0.1:4173")
                .header(header::ACCEPT_ENCODING, "gzip")
                .body(axum::body::Body::empty())
                .expect("a request");
            let response = runtime
                .block_on(app.clone().oneshot(req))
                .expect("infallible");
            assert_eq!(response.status(), 200);
            black_box(response)
        });
    });
    group.finish();
}

criterion_group!(benches, site);
criterion_main!(benches);
