//! The pages in a real browser: headless Chromium through chromedriver, axe-core for
//! accessibility and the Nu HTML Checker for validity, against the viewer on 127.0.0.1.
//!
//! Needs `/usr/bin/chromium`, `/usr/bin/chromedriver`, `java` and `npm ci --prefix tests/browser`
//! (`.ci/run` installs them). Without them a test skips, except under `CI=true`, where it fails.

mod support;

use std::time::Duration;

use serde_json::{Value, json};
use support::{
    Fallible, PAGES, browser_log, cdp, color_scheme, fetch, hover, js, js_with, maybe_screenshot,
    phone, press_tab, unhover, url, viewer, wait_until, with_browser,
};

const DESKTOP: (u32, u32) = (1280, 900);
const PHONE: (u32, u32) = (375, 800);

async fn desktop(c: &fantoccini::Client) -> Fallible {
    cdp(
        c,
        "Emulation.setDeviceMetricsOverride",
        json!({"width": DESKTOP.0, "height": DESKTOP.1, "deviceScaleFactor": 1, "mobile": false}),
    )
    .await?;
    Ok(())
}

/// Loads a page and waits for it (and its deferred script) to finish.
async fn open(c: &fantoccini::Client, path: &str) -> Fallible {
    c.goto(&url(viewer(), path)).await?;
    wait_until(
        c,
        "return document.readyState === 'complete'",
        Duration::from_secs(10),
    )
    .await?;
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn captions_stand_beside_the_text_on_a_desktop_and_flow_with_it_on_a_phone() {
    if !support::browser_present("captions") {
        return;
    }
    with_browser(|c| async move {
        desktop(&c).await?;
        open(&c, "/").await?;
        let wide = js(
            &c,
            r"
            const paras = [...document.querySelectorAll('article p[id]')];
            const right = Math.max(...paras.map(p => p.getBoundingClientRect().right));
            return {
              width: innerWidth,
              paragraphsRight: right,
              figures: [...document.querySelectorAll('figure.caption')].map(f => {
                const r = f.getBoundingClientRect();
                const row = f.closest('.row');
                const p = row && row.querySelector('p[id]');
                return { id: f.id, left: r.left, top: r.top,
                         paragraphTop: p ? p.getBoundingClientRect().top : null };
              }),
            };",
        )
        .await?;
        assert_eq!(wide["width"], json!(DESKTOP.0), "desktop viewport");
        let figures = wide["figures"].as_array().cloned().unwrap_or_default();
        assert!(!figures.is_empty(), "the article has captions");
        let right = wide["paragraphsRight"].as_f64().unwrap_or(f64::MAX);
        for f in &figures {
            let left = f["left"].as_f64().unwrap_or(0.0);
            assert!(
                left >= right,
                "at 1280 px caption {} starts at x={left}, inside the text column (ends at {right})",
                f["id"]
            );
            if let Some(p_top) = f["paragraphTop"].as_f64() {
                assert!(
                    f["top"].as_f64().unwrap_or(0.0) >= p_top - 1.0,
                    "caption {} starts above its paragraph",
                    f["id"]
                );
            }
        }
        maybe_screenshot(&c, "desktop").await?;

        phone(&c, PHONE.0, PHONE.1).await?;
        open(&c, "/").await?;
        let narrow = js(
            &c,
            r"
            const paras = [...document.querySelectorAll('article p[id]')];
            const left = Math.min(...paras.map(p => p.getBoundingClientRect().left));
            const right = Math.max(...paras.map(p => p.getBoundingClientRect().right));
            return {
              width: innerWidth,
              scrollWidth: document.documentElement.scrollWidth,
              paragraphsLeft: left, paragraphsRight: right,
              fontSizes: paras.map(p => parseFloat(getComputedStyle(p).fontSize)),
              overflowing: [...document.querySelectorAll('body *')]
                .filter(el => el.getBoundingClientRect().right > 375.5)
                .map(el => el.outerHTML.slice(0, 80)).slice(0, 5),
              figures: [...document.querySelectorAll('figure.caption')].map(f => {
                const r = f.getBoundingClientRect();
                return { id: f.id, left: r.left, right: r.right };
              }),
            };",
        )
        .await?;
        // A phone zooms out to fit wide content, which widens the layout viewport.
        assert_eq!(
            narrow["width"],
            json!(PHONE.0),
            "the phone viewport grew to fit overflowing content: {}",
            narrow["overflowing"]
        );
        assert!(
            narrow["scrollWidth"].as_f64() <= narrow["width"].as_f64(),
            "at 375 px the page scrolls sideways: scrollWidth {} > {}",
            narrow["scrollWidth"],
            narrow["width"]
        );
        let p_left = narrow["paragraphsLeft"].as_f64().unwrap_or(0.0);
        let p_right = narrow["paragraphsRight"].as_f64().unwrap_or(0.0);
        for f in narrow["figures"].as_array().into_iter().flatten() {
            let (l, r) = (
                f["left"].as_f64().unwrap_or(0.0),
                f["right"].as_f64().unwrap_or(0.0),
            );
            assert!(
                l < p_right && r > p_left,
                "at 375 px caption {} is not in the text column ({l}..{r} vs {p_left}..{p_right})",
                f["id"]
            );
        }
        for size in narrow["fontSizes"].as_array().into_iter().flatten() {
            assert!(
                size.as_f64().unwrap_or(0.0) >= 16.0,
                "body text at {size} px on a phone"
            );
        }
        maybe_screenshot(&c, "phone").await?;
        Ok(())
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn quotes_are_marked_beyond_colour_and_name_their_speaker_on_hover_and_focus() {
    if !support::browser_present("quotes") {
        return;
    }
    with_browser(|c| async move {
        desktop(&c).await?;
        open(&c, "/").await?;
        let quotes = js(
            &c,
            r"
            const keys = ['backgroundColor', 'boxShadow', 'fontStyle', 'fontWeight',
                          'textDecorationLine', 'borderBottomStyle', 'borderLeftStyle'];
            return [...document.querySelectorAll('.quote')].map(q => {
              const mine = getComputedStyle(q), theirs = getComputedStyle(q.closest('p, figcaption'));
              return { id: q.id, differs: keys.filter(k => mine[k] !== theirs[k]) };
            });",
        )
        .await?;
        let quotes = quotes.as_array().cloned().unwrap_or_default();
        assert!(!quotes.is_empty(), "the article has quotes");
        for q in &quotes {
            assert!(
                q["differs"].as_array().is_some_and(|d| !d.is_empty()),
                "quote {} differs from its paragraph only in colour, if at all",
                q["id"]
            );
        }

        let after = "return getComputedStyle(arguments[0], '::after').content";
        let spoken = c
            .find_all(fantoccini::Locator::Css("article .quote[data-speaker]"))
            .await?;
        assert!(!spoken.is_empty(), "some quote has a named speaker");
        for q in spoken.iter().take(3) {
            let speaker = q.attr("data-speaker").await?.unwrap_or_default();
            let arg = serde_json::to_value(q)?;
            let idle = js_with(&c, after, vec![arg.clone()]).await?;
            assert!(
                !idle.as_str().unwrap_or_default().contains(&speaker),
                "the speaker shows before any hover: {idle}"
            );
            hover(&c, q).await?;
            let hovered = js_with(&c, after, vec![arg.clone()]).await?;
            assert!(
                hovered.as_str().unwrap_or_default().contains(&speaker),
                "hovering a quote does not name {speaker}: {hovered}"
            );
            unhover(&c).await?;
            js_with(&c, "arguments[0].focus()", vec![arg.clone()]).await?;
            let focused = js_with(
                &c,
                "return [document.activeElement === arguments[0], getComputedStyle(arguments[0], '::after').content]",
                vec![arg.clone()],
            )
            .await?;
            assert_eq!(focused[0], json!(true), "a quote takes keyboard focus");
            assert!(
                focused[1].as_str().unwrap_or_default().contains(&speaker),
                "focusing a quote does not name {speaker}: {}",
                focused[1]
            );
            js_with(&c, "arguments[0].blur()", vec![arg]).await?;
        }
        Ok(())
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_territory_link_opens_its_page_and_its_link_back_returns_to_the_spot() {
    if !support::browser_present("territory") {
        return;
    }
    with_browser(|c| async move {
        desktop(&c).await?;
        open(&c, "/").await?;
        // The last territory link in the body: far enough down that landing on it needs a scroll.
        let links = c
            .find_all(fantoccini::Locator::Css("article p[id] a.territory"))
            .await?;
        let link = links.last().ok_or("no territory link in the body")?;
        let arg = serde_json::to_value(link)?;
        let info = js_with(
            &c,
            "const p = arguments[0].closest('p[id]');
             return { paragraph: p.id, name: arguments[0].dataset.name || arguments[0].textContent,
                      below: p.getBoundingClientRect().top + scrollY > innerHeight };",
            vec![arg],
        )
        .await?;
        let paragraph = info["paragraph"].as_str().unwrap_or_default().to_owned();
        let name = info["name"].as_str().unwrap_or_default().to_owned();
        assert_eq!(info["below"], json!(true), "{paragraph} is below the fold");
        let href = link.attr("href").await?.unwrap_or_default();
        link.click().await?;
        assert!(
            wait_until(
                &c,
                &format!("return location.pathname === {}", json!(href)),
                Duration::from_secs(5)
            )
            .await?,
            "clicking the link did not open {href}"
        );
        let h1 = c.find(fantoccini::Locator::Css("h1")).await?.text().await?;
        assert_eq!(h1.trim(), name, "the territory page's heading");

        let back = c
            .find_all(fantoccini::Locator::Css("ol.mentions a"))
            .await?;
        let mut target = None;
        for a in back {
            let href = a.attr("href").await?.unwrap_or_default();
            if href == format!("/#{paragraph}") || href.starts_with(&format!("/#{paragraph}:")) {
                target = Some(a);
            }
        }
        let back = target.ok_or_else(|| format!("no link back to {paragraph}"))?;
        back.click().await?;
        assert!(
            wait_until(
                &c,
                &format!(
                    "return location.pathname === '/' && location.hash === {} && document.readyState === 'complete'",
                    json!(format!("#{paragraph}"))
                ),
                Duration::from_secs(5)
            )
            .await?,
            "the link back did not open /#{paragraph}"
        );
        // Scrolling to a fragment can land a frame after the load.
        let visible = format!(
            "const r = document.getElementById({}).getBoundingClientRect();
             return scrollY > 0 && r.bottom > 0 && r.top < innerHeight;",
            json!(paragraph)
        );
        assert!(
            wait_until(&c, &visible, Duration::from_secs(3)).await?,
            "{paragraph} is not in the viewport after the link back"
        );
        Ok(())
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_link_and_control_is_reachable_by_tab_and_shows_a_focus_ring() {
    if !support::browser_present("keyboard") {
        return;
    }
    with_browser(|c| async move {
        desktop(&c).await?;
        for (path, _) in PAGES {
            open(&c, path).await?;
            // Number what should be reachable: links, controls and tabindex=0 elements that are
            // rendered; of a radio group only the checked radio is a Tab stop.
            let expected = js(
                &c,
                r#"
                const all = [...document.querySelectorAll(
                  'a[href], button, input, select, textarea, [tabindex]:not([tabindex="-1"])')];
                const stops = all.filter(el => {
                  if (el.disabled || el.closest('[hidden]') || el.getClientRects().length === 0) return false;
                  if (el.type === 'radio') {
                    const group = [...document.querySelectorAll(`input[type=radio][name="${el.name}"]`)];
                    const checked = group.find(r => r.checked);
                    return checked ? el === checked : el === group[0];
                  }
                  return true;
                });
                stops.forEach((el, i) => el.setAttribute('data-probe', String(i)));
                return stops.map(el => el.outerHTML.slice(0, 120));"#,
            )
            .await?;
            let expected = expected.as_array().cloned().unwrap_or_default();
            let mut seen = vec![false; expected.len()];
            for _ in 0..expected.len() + 3 {
                press_tab(&c).await?;
                let at = js(
                    &c,
                    r"
                    const el = document.activeElement;
                    if (!el || el === document.body) return null;
                    const s = getComputedStyle(el);
                    return { probe: el.getAttribute('data-probe'), html: el.outerHTML.slice(0, 120),
                             visible: el.matches(':focus-visible'),
                             style: s.outlineStyle, width: parseFloat(s.outlineWidth) };",
                )
                .await?;
                if at.is_null() {
                    break;
                }
                assert!(
                    at["visible"] == json!(true)
                        && at["style"] != json!("none")
                        && at["width"].as_f64().unwrap_or(0.0) > 0.0,
                    "{path}: no visible focus ring on {}: {at}",
                    at["html"]
                );
                let probe = at["probe"].as_str().and_then(|p| p.parse::<usize>().ok());
                match probe {
                    Some(i) if seen[i] => break, // wrapped around
                    Some(i) => seen[i] = true,
                    None => {}
                }
            }
            let missed: Vec<&Value> = expected
                .iter()
                .zip(&seen)
                .filter(|(_, s)| !**s)
                .map(|(e, _)| e)
                .collect();
            assert!(missed.is_empty(), "{path}: Tab never reaches {missed:#?}");
        }
        Ok(())
    })
    .await;
}

fn luminance(css: &str) -> f64 {
    let n: Vec<f64> = css
        .trim_start_matches("rgba(")
        .trim_start_matches("rgb(")
        .trim_end_matches(')')
        .split(',')
        .filter_map(|x| x.trim().parse().ok())
        .collect();
    let lin = |v: f64| {
        let v = v / 255.0;
        if v <= 0.039_28 {
            v / 12.92
        } else {
            ((v + 0.055) / 1.055).powf(2.4)
        }
    };
    match n.as_slice() {
        [r, g, b, ..] => 0.2126 * lin(*r) + 0.7152 * lin(*g) + 0.0722 * lin(*b),
        _ => f64::NAN,
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pages_turn_dark_when_the_system_prefers_dark() {
    if !support::browser_present("dark") {
        return;
    }
    with_browser(|c| async move {
        desktop(&c).await?;
        let background = "return getComputedStyle(document.documentElement).backgroundColor";
        color_scheme(&c, "light").await?;
        open(&c, "/").await?;
        let light = js(&c, background).await?;
        assert!(
            luminance(light.as_str().unwrap_or_default()) > 0.8,
            "light scheme background {light}"
        );
        color_scheme(&c, "dark").await?;
        for (path, _) in PAGES {
            open(&c, path).await?;
            let dark = js(&c, background).await?;
            assert!(
                luminance(dark.as_str().unwrap_or_default()) < 0.2,
                "{path}: dark scheme background {dark}"
            );
            // Contrast and the rest hold in the dark scheme too.
            let violations = support_axe(&c).await?;
            assert!(
                violations.is_empty(),
                "{path} (dark): axe violations:\n{}",
                describe(&violations)
            );
            if path == "/" {
                maybe_screenshot(&c, "dark").await?;
            }
        }
        Ok(())
    })
    .await;
}

/// Records CSP violations, uncaught errors and `console.error` calls from before any page
/// script runs (a DevTools script, which no page CSP can block).
const PROBLEM_LISTENER: &str = r"
  window.__problems = [];
  document.addEventListener('securitypolicyviolation', e =>
    window.__problems.push(`CSP: ${e.violatedDirective} blocked ${e.blockedURI} at ${e.sourceFile}:${e.lineNumber}`));
  window.addEventListener('error', e => window.__problems.push(`error: ${e.message || e.target}`), true);
  window.addEventListener('unhandledrejection', e => window.__problems.push(`rejection: ${e.reason}`));
  const original = console.error;
  console.error = (...args) => { window.__problems.push(`console.error: ${args.join(' ')}`); original(...args); };
";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_page_logs_a_console_error_or_a_csp_violation() {
    if !support::browser_present("console") {
        return;
    }
    with_browser(|c| async move {
        cdp(
            &c,
            "Page.addScriptToEvaluateOnNewDocument",
            json!({ "source": PROBLEM_LISTENER }),
        )
        .await?;
        let _ = browser_log(&c).await?;
        let mut saw_own_404 = false;
        for (path, status) in PAGES {
            open(&c, path).await?;
            // Give late loads (the icon, the deferred script) a moment to report.
            tokio::time::sleep(Duration::from_millis(300)).await;
            let problems = js(
                &c,
                "return window.__problems || ['the listener did not run']",
            )
            .await?;
            assert_eq!(problems, json!([]), "{path}: problems seen by the page");
            let mut log = browser_log(&c).await?;
            // The 404 page's own status is the point of that page; seeing it also proves the
            // console log is being read at all.
            let before = log.len();
            log.retain(|(level, message)| {
                let own_status = status == 404
                    && message.starts_with(&url(viewer(), path))
                    && message.contains("status of 404");
                (level == "SEVERE" || level == "WARNING") && !own_status
            });
            if status == 404 {
                saw_own_404 |= before > log.len();
            }
            assert!(log.is_empty(), "{path}: console: {log:#?}");
        }
        assert!(
            saw_own_404,
            "the browser log never showed the 404 page's own status"
        );
        Ok(())
    })
    .await;
}

/// Injects axe-core and returns its violations for the WCAG 2.1 A/AA and best-practice rules.
async fn support_axe(c: &fantoccini::Client) -> Fallible<Vec<Value>> {
    static AXE: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    let source = AXE.get_or_init(|| {
        std::fs::read_to_string(support::axe_path()).expect("axe.min.js is readable")
    });
    // WebDriver scripts run as function bodies, outside the page's CSP.
    c.execute(source, Vec::new()).await?;
    let result = c
        .execute_async(
            r"
            const done = arguments[arguments.length - 1];
            window.axe.run(document, {
              runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] },
              resultTypes: ['violations'],
            }).then(r => done(r.violations.map(v => ({
              id: v.id, impact: v.impact, help: v.help,
              nodes: v.nodes.map(n => ({ target: n.target.join(' '), summary: n.failureSummary })),
            }))), e => done([{ id: 'axe-error', help: String(e) }]));",
            Vec::new(),
        )
        .await?;
    Ok(result.as_array().cloned().unwrap_or_default())
}

fn describe(violations: &[Value]) -> String {
    serde_json::to_string_pretty(violations).unwrap_or_default()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn axe_finds_no_accessibility_violations_on_any_page() {
    if !support::browser_present("axe") {
        return;
    }
    with_browser(|c| async move {
        desktop(&c).await?;
        color_scheme(&c, "light").await?;
        let mut report = String::new();
        for (path, _) in PAGES {
            open(&c, path).await?;
            let violations = support_axe(&c).await?;
            if !violations.is_empty() {
                report.push_str(&format!("{path}:\n{}\n", describe(&violations)));
            }
        }
        assert!(report.is_empty(), "axe violations:\n{report}");
        Ok(())
    })
    .await;
}

#[test]
fn every_page_is_valid_html() {
    let Some(java) = support::on_path("java") else {
        assert!(!support::in_ci(), "CI=true and java is missing");
        eprintln!("SKIPPED validity: no java on PATH");
        return;
    };
    if !support::tools_present("validity", &[&support::vnu_path()]) {
        return;
    }
    let dir = tempfile::tempdir().expect("temp dir");
    let mut files = Vec::new();
    for (i, (path, status)) in PAGES.iter().enumerate() {
        let (code, body) = fetch(viewer(), path);
        assert_eq!(code, *status, "{path}");
        let file = dir.path().join(format!("page{i}.html"));
        std::fs::write(&file, body).expect("write page");
        files.push((*path, file));
    }
    let out = std::process::Command::new(java)
        .args(["-Xss8m", "-jar"])
        .arg(support::vnu_path())
        .args(["--errors-only", "--format", "json"])
        .args(files.iter().map(|(_, f)| f))
        .output()
        .expect("run vnu.jar");
    let report: Value = serde_json::from_slice(&out.stderr)
        .unwrap_or_else(|_| panic!("vnu output: {}", String::from_utf8_lossy(&out.stderr)));
    let errors: Vec<String> = report["messages"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|m| {
            let file = m["url"].as_str().unwrap_or_default();
            let page = files
                .iter()
                .find(|(_, f)| file.ends_with(&*f.to_string_lossy()))
                .map_or(file, |(p, _)| p);
            format!(
                "{page}:{}: {} [{}]",
                m["lastLine"],
                m["message"].as_str().unwrap_or_default(),
                m["extract"].as_str().unwrap_or_default()
            )
        })
        .collect();
    assert!(errors.is_empty(), "HTML errors:\n{}", errors.join("\n"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_edit_to_the_watched_article_updates_the_open_page() {
    if !support::browser_present("watch") {
        return;
    }
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("article.txt");
    std::fs::write(&file, article_viewer::analysis::EMBEDDED_ARTICLE).expect("write article");
    let input = article_viewer::cli::Input {
        file: Some(file.clone()),
        places: None,
    };
    let article_viewer::pipeline::Loaded {
        text,
        analysis,
        gazetteer,
    } = article_viewer::pipeline::load(&input).expect("the copy loads");
    let site = article_viewer::pipeline::build_site(&text, &analysis, &gazetteer, None, true)
        .expect("renders");
    let shared =
        article_viewer::server::Shared::new(site, article_viewer::security::Access::loopback());
    let (addr, _stop) = support::start(shared.clone()).await;
    let _watcher =
        article_viewer::reload::watch(shared, file.clone(), None).expect("watching starts");
    assert!(text.contains("halted the violence"), "the sentence to edit");
    with_browser(move |c| async move {
        c.goto(&url(addr, "/")).await?;
        let has = |word: &str| format!("return document.body.innerText.includes({})", json!(word));
        assert!(
            wait_until(
                &c,
                "return document.readyState === 'complete'",
                Duration::from_secs(5)
            )
            .await?
        );
        assert_eq!(js(&c, &has("bloodshed")).await?, json!(false));
        // Let the page's event stream connect and take the current version as its baseline.
        tokio::time::sleep(Duration::from_millis(800)).await;
        std::fs::write(
            &file,
            text.replace("halted the violence", "halted the bloodshed"),
        )?;
        // A rebuild renders and compresses every page: seconds in a debug build on a busy machine.
        assert!(
            wait_until(&c, &has("bloodshed"), Duration::from_secs(45)).await?,
            "the open page never showed the edit"
        );
        drop(dir);
        Ok(())
    })
    .await;
}
