//! The locator map in the browser: geography drawn, every place labelled and linked, no label
//! over another or over a point (measured from the rendered boxes), on the reference article's
//! pages and on an article of another region given its places with `--places`.

use std::net::SocketAddr;
use std::path::Path;

use serde_json::{Value, json};

use super::support::{self, Fallible, cdp, color_scheme, open_at, viewer, with_browser};
use super::{describe, desktop, support_axe};

/// What the page's map shows, read from the DOM and the boxes Chromium laid out.
const READ_MAP: &str = r"
  const fig = document.querySelector('figure.map');
  if (!fig) return null;
  const art = fig.querySelector('svg.map-art'), layer = fig.querySelector('svg.map-links');
  const box = el => { const r = el.getBoundingClientRect();
                      return { l: r.left, t: r.top, r: r.right, b: r.bottom }; };
  const labels = [...fig.querySelectorAll('svg text')]
    .filter(t => t.getClientRects().length)
    .map(t => ({ text: t.textContent, cls: t.getAttribute('class') || '', ...box(t) }));
  const dots = [...fig.querySelectorAll('circle.dot')].map(box);
  const hit = (a, b) => Math.min(a.r, b.r) - Math.max(a.l, b.l) > 0.5
                     && Math.min(a.b, b.b) - Math.max(a.t, b.t) > 0.5;
  const overlaps = [];
  labels.forEach((a, i) => {
    labels.slice(i + 1).forEach(b => { if (hit(a, b)) overlaps.push(`${a.text} / ${b.text}`); });
    dots.forEach((d, j) => { if (hit(a, d)) overlaps.push(`${a.text} / point ${j}`); });
  });
  const drawn = sel => [...art.querySelectorAll(sel)]
    .filter(p => (p.getAttribute('d') || '').length > 10 && p.getBBox().width > 0).length;
  const frame = box(art);
  return {
    role: art.getAttribute('role'),
    title: (art.querySelector('title') || {}).textContent || '',
    desc: (art.querySelector('desc') || {}).textContent || '',
    land: drawn('path.land'), named: drawn('path.land.named'), borders: drawn('path.border'),
    coast: drawn('path.coast'), inset: drawn('.inset-land'), scale: !!art.querySelector('.scale text'),
    links: [...layer.querySelectorAll('a')].map(a => ({ href: a.getAttribute('href'), text: a.textContent })),
    countries: [...art.querySelectorAll('text.country')].map(t => t.textContent),
    places: labels.filter(l => l.cls.includes('place')).map(l => l.text),
    outside: labels.filter(l => l.l < frame.l - 0.5 || l.r > frame.r + 0.5 || l.t < frame.t - 0.5 || l.b > frame.b + 0.5)
                   .map(l => l.text),
    overlaps,
    bytes: art.outerHTML.length + layer.outerHTML.length,
    linksLayerMatches: Math.abs(box(layer).r - frame.r) < 1 && Math.abs(box(layer).b - frame.b) < 1,
  };";

/// The claims every map makes, whatever it frames.
fn check_map(path: &str, map: &Value) {
    assert!(!map.is_null(), "{path}: no map");
    assert_eq!(map["role"], json!("img"), "{path}: the picture is an image");
    assert!(
        map["title"].as_str().is_some_and(|t| !t.is_empty()),
        "{path}: a title"
    );
    assert!(
        map["desc"]
            .as_str()
            .is_some_and(|d| d.contains("Places marked")),
        "{path}: a description listing the places: {}",
        map["desc"]
    );
    for part in ["land", "borders", "inset"] {
        assert!(
            map[part].as_u64().unwrap_or(0) > 0,
            "{path}: no {part} drawn: {map}"
        );
    }
    assert_eq!(map["scale"], json!(true), "{path}: a scale bar");
    assert_eq!(
        map["linksLayerMatches"],
        json!(true),
        "{path}: the link layer lies exactly over the picture"
    );
    assert_eq!(map["overlaps"], json!([]), "{path}: labels overlap");
    assert_eq!(
        map["outside"],
        json!([]),
        "{path}: labels outside the frame"
    );
    let bytes = map["bytes"].as_u64().unwrap_or(u64::MAX);
    assert!(bytes <= 60_000, "{path}: the map SVG is {bytes} bytes");
}

/// `(path, every non-country place of the article)` from the site's own JSON.
fn article_places(addr: SocketAddr) -> (Vec<String>, Vec<(String, String)>, Vec<String>) {
    let (_, body) = support::fetch(addr, "/api/territories");
    let territories: Vec<Value> = serde_json::from_str(&body).expect("territories JSON");
    let pages = territories
        .iter()
        .map(|t| format!("/territories/{}", t["slug"].as_str().unwrap_or_default()))
        .collect();
    let places = territories
        .iter()
        .filter(|t| t["kind"] != json!("country"))
        .map(|t| {
            (
                t["slug"].as_str().unwrap_or_default().to_owned(),
                t["name"].as_str().unwrap_or_default().to_owned(),
            )
        })
        .collect();
    let countries = territories
        .iter()
        .filter(|t| t["kind"] == json!("country"))
        .map(|t| t["name"].as_str().unwrap_or_default().to_owned())
        .collect();
    (pages, places, countries)
}

/// Checks `/territories` and every territory page of the site at `addr`.
async fn check_site(c: &fantoccini::Client, addr: SocketAddr) -> Fallible<Value> {
    let (pages, places, countries) = article_places(addr);
    open_at(c, addr, "/territories").await?;
    let overview = support::js(c, READ_MAP).await?;
    check_map("/territories", &overview);
    let links = overview["links"].as_array().cloned().unwrap_or_default();
    for (slug, name) in &places {
        let href = format!("/territories/{slug}");
        assert!(
            links
                .iter()
                .any(|l| l["href"] == json!(href) && l["text"] == json!(name)),
            "/territories: {name} is not labelled with a link to {href}: {links:?}"
        );
    }
    // A country is its shape: shaded, named in the picture or its description, never a dot.
    assert!(
        overview["named"].as_u64().unwrap_or(0) > 0,
        "no country shaded"
    );
    for country in &countries {
        assert!(
            !overview["places"]
                .as_array()
                .is_some_and(|p| p.contains(&json!(country))),
            "{country} is drawn as a point"
        );
        assert!(
            overview["desc"]
                .as_str()
                .unwrap_or_default()
                .contains(country.as_str()),
            "{country} is not in the description: {}",
            overview["desc"]
        );
    }
    for path in &pages {
        open_at(c, addr, path).await?;
        let map = support::js(c, READ_MAP).await?;
        check_map(path, &map);
    }
    Ok(overview)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_reference_maps_draw_the_region_and_label_every_place_without_overlap() {
    if !support::browser_present("map") {
        return;
    }
    with_browser(|c| async move {
        desktop(&c).await?;
        color_scheme(&c, "light").await?;
        let overview = check_site(&c, viewer()).await?;
        // Armenia borders Kalbajar: it is in the picture, never "too far away".
        assert!(
            overview["countries"]
                .as_array()
                .is_some_and(|n| n.contains(&json!("ARMENIA"))),
            "Armenia is not named on the map: {overview}"
        );
        for theme in ["light", "dark"] {
            color_scheme(&c, theme).await?;
            open_at(&c, viewer(), "/territories/kalbajar").await?;
            map_screenshot(&c, &format!("map-{theme}")).await?;
        }
        Ok(())
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_article_of_another_region_gets_its_own_map_from_its_places_file() {
    if !support::browser_present("map-elsewhere") {
        return;
    }
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let input = article_viewer::cli::Input {
        file: Some(fixtures.join("parana.txt")),
        places: Some(fixtures.join("parana-places.toml")),
    };
    let site = article_viewer::pipeline::load(&input)
        .expect("the fixture loads")
        .site(None, false)
        .expect("the fixture renders");
    let shared =
        article_viewer::server::Shared::new(site, article_viewer::security::Access::loopback());
    let (addr, _stop) = support::start(shared).await;
    with_browser(move |c| async move {
        desktop(&c).await?;
        color_scheme(&c, "light").await?;
        let overview = check_site(&c, addr).await?;
        let desc = overview["desc"].as_str().unwrap_or_default().to_owned();
        assert!(
            desc.contains("Encarnacion (in Paraguay)") && desc.contains("Posadas (in Argentina)"),
            "each place's country comes from the shapes: {desc}"
        );
        for path in ["/territories", "/territories/posadas"] {
            open_at(&c, addr, path).await?;
            let violations = support_axe(&c).await?;
            assert!(
                violations.is_empty(),
                "{path}: axe violations:\n{}",
                describe(&violations)
            );
        }
        Ok(())
    })
    .await;
}

/// Saves the page's map (its figure, caption included) to `docs/screenshots/{name}.png` when
/// `UPDATE_SCREENSHOTS=1`, at twice the pixel density so the README shows it sharp.
async fn map_screenshot(c: &fantoccini::Client, name: &str) -> Fallible {
    if std::env::var("UPDATE_SCREENSHOTS").as_deref() != Ok("1") {
        return Ok(());
    }
    cdp(
        c,
        "Emulation.setDeviceMetricsOverride",
        json!({"width": 1280, "height": 900, "deviceScaleFactor": 2, "mobile": false}),
    )
    .await?;
    let figure = c.find(fantoccini::Locator::Css("figure.map")).await?;
    support::js_with(
        c,
        "arguments[0].scrollIntoView()",
        vec![serde_json::to_value(&figure)?],
    )
    .await?;
    let png = figure.screenshot().await?;
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/screenshots");
    std::fs::create_dir_all(&dir)?;
    std::fs::write(dir.join(format!("{name}.png")), png)?;
    desktop(c).await?;
    Ok(())
}
