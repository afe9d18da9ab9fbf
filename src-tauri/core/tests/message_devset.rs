//! Message search against real messages applicants met (issue 17): the development set in
//! `tests/data/message_devset.toml`, each case with its public source.
//!
//! Fails when accuracy drops below what the search reaches today, and prints every miss. Cases
//! expecting a guide that does not exist yet (issue 16's new guides) are counted as pending and
//! listed; they count as soon as the flow is bundled.

use std::collections::HashSet;

use assistant_core::catalog::{topics_for, Portal, Role};
use assistant_core::lang::Lang;
use assistant_core::message_search::search;
use serde::Deserialize;

const DEVSET: &str = include_str!("data/message_devset.toml");

/// What the search reaches on the cases whose guides exist; raise these when it improves. (The set
/// grew from 82 to 120 cases on 2026-12-01 with a second collection the search had never been
/// run on: it scored 95 % top-1 on the first 82 and 79 % on the new 38, so the bars were lowered
/// for a harder set, not a weaker search. A third collection of 40 the same day scored 90 % top-1
/// before two keyword additions and 95 % after. A fourth of 40 the same day scored 58 % top-1,
/// 60 % after one keyword line: mostly right guides just under the confidence bar. A fifth of 40
/// on 2026-12-02 scored 60 % top-1 with one wrong-portal answer, 62.5 % and none after two general
/// changes: reading notes in pinyin dropped, and the applicant a query names limiting the guides.
/// A sixth of 40 the same day scored 45 % top-1 with three wrong-portal answers, 47.5 % and one
/// after everyday words were given less weight (`message_search/everyday.rs`); that one is why
/// the set now allows one. A seventh of 40, kept out of the set, scored 55 % top-1 with three
/// wrong-portal answers. On 2026-12-02 a lower bar for queries that say which portal or applicant
/// they are from (`CONFIDENT_NAMED`) took this set from 220 to 226 top-1 and the seventh to 60 %;
/// weighing a sentence by its neighbour took the wrong-portal answers to none in both, this set
/// to 227 top-1 and 229 top-3, the seventh back to 55 %. An eighth collection of 80 the same day
/// scored 48 % top-1 on its 40 covered texts, with the right guide among the "maybe" topics in 14
/// more; letting a guide that stands out answer from a lower bar (`CONFIDENT_CLEAR`) took it to
/// 55 %, this set to 228 top-1 and 230 top-3. A ninth of 60, measured only before and after that
/// change, went from 14 to 15 of its 30 covered texts first, with one wrong-portal answer before
/// and after (a teacher-site sentence that is nearly a CPTA message): that one is why the set
/// allows one again. Both joined the set then: 420 cases, 323 top-1, 327 top-3. A tenth of 70 the
/// same day scored 21 of its 43 covered texts first with three wrong-portal answers; Latin cue
/// words read as words only, a lower bar for a query that says only who is asking
/// (`CONFIDENT_ROLE`) and no answer where several portals' guides are alike (`SEVERAL_PORTALS`)
/// took it to 22 and one (身份證號含“X”, answered with the 网证 guide), and left this set's 420 at
/// 323 top-1, "none" precision 142/206. The tenth joined then: 490 cases, 369 top-1, 375 top-3,
/// two wrong-portal answers, "none" precision 166/249. On 2026-12-02 again, asking which site when
/// another portal's guide is within 70 % of the best (not 90 %), a quote judged by what the
/// message alone scored, and a site named plus four characters answering took this set to 372
/// top-1, 377 top-3, no wrong-portal answer, "none" precision 172/260. On 2026-12-03 the topic's own
/// words in `keywords.toml` (体检医院, 无犯罪记录, 再次注册, …) and more weight for a keyword one
/// guide alone lists (`OWN_WORD_BONUS`) took it to 398 top-1, 401 top-3, "none" precision
/// 165/222; an eleventh collection of 75, measured before and after, went from 19 to 23 of its 37
/// covered texts first, with no wrong-portal answer either time and 30, then 31, of its 38 "none"
/// texts unanswered. It joined then: 565 cases, 452 top-1, 456 top-3, "none" precision 196/265.
/// A twelfth collection of 73, measured on the search as it was and joined with no change made
/// for it, scored 28 of its 46 covered texts first and brought two wrong-portal answers, which
/// the set now allows: a teacher-site rule, 不得跨區確認,不得代確認,逾期不予受理, answered with
/// the pharmacist registration guide through pairs of its keyword 不予注册, and an English page on
/// pharmacist registration answered with the CPTA download guide. 638 cases, 500 top-1, 504
/// top-3, "none" precision 216/300.)
const MIN_TOP1: f64 = 500.0 / 638.0;
const MIN_TOP3: f64 = 504.0 / 638.0;
const MAX_WRONG_PORTAL: usize = 2;
const MIN_NONE_PRECISION: f64 = 216.0 / 300.0;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Source {
    url: String,
    title: String,
    date: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Case {
    text: String,
    expect: String,
    #[serde(default)]
    accept: Vec<String>,
    kind: String,
    source: Source,
}

#[derive(Debug, Deserialize)]
struct DevSet {
    case: Vec<Case>,
}

fn portal_of(flow: &str) -> Option<Portal> {
    Role::ALL.iter().flat_map(|r| topics_for(*r, Lang::ZhCn)).find(|t| t.id == flow).map(|t| t.portal)
}

#[test]
fn the_development_set_is_well_formed() {
    let set: DevSet = toml::from_str(DEVSET).expect("message_devset.toml parses");
    assert!(set.case.len() >= 80, "the issue asks for at least 80 real messages, found {}", set.case.len());
    let kinds = ["prompt", "confirm", "fragment", "traditional", "page", "question", "lookalike", "uncovered"];
    let mut seen = HashSet::new();
    for c in &set.case {
        assert!(kinds.contains(&c.kind.as_str()), "unknown kind {:?}", c.kind);
        assert!(c.source.url.starts_with("http") && !c.source.title.trim().is_empty() && !c.source.date.is_empty());
        assert!(seen.insert(c.text.trim().to_owned()), "duplicate case {:?}", c.text);
        let known = |id: &str| {
            id == "none" || portal_of(id).is_some() || assistant_core::message_search::PENDING_FLOWS.contains(&id)
        };
        assert!(known(&c.expect) && c.accept.iter().all(|a| known(a)), "unknown flow in {:?}", c.text);
    }
    for kind in ["confirm", "traditional", "page", "lookalike", "uncovered", "fragment"] {
        assert!(set.case.iter().any(|c| c.kind == kind), "no {kind} case");
    }
    assert!(set.case.iter().filter(|c| c.expect == "none").count() >= 10);
}

#[test]
fn accuracy_on_the_development_set_holds() {
    let set: DevSet = toml::from_str(DEVSET).expect("message_devset.toml parses");
    let flows = assistant_core::guide::flow_ids();
    let (mut counted, mut top1, mut top3, mut wrong_portal) = (0usize, 0usize, 0usize, 0usize);
    let (mut said_none, mut said_none_right, mut expected_none, mut none_right) = (0usize, 0, 0, 0);
    let mut pending = Vec::new();
    let mut misses = Vec::new();
    for c in &set.case {
        if c.expect != "none" && !flows.contains(&c.expect) {
            pending.push(format!("{} ← {:.40}", c.expect, c.text.trim()));
            continue;
        }
        counted += 1;
        let r = search(&c.text, Lang::ZhCn);
        let ids: Vec<&str> = r.matches.iter().map(|m| m.flow_id.as_str()).collect();
        let good: Vec<&str> = std::iter::once(c.expect.as_str()).chain(c.accept.iter().map(String::as_str)).collect();
        if ids.is_empty() {
            said_none += 1;
        }
        let hit1;
        if c.expect == "none" {
            expected_none += 1;
            hit1 = ids.is_empty() || ids.first().is_some_and(|f| good.contains(f));
            if ids.is_empty() {
                none_right += 1;
                said_none_right += 1;
            }
            if hit1 {
                top1 += 1;
                top3 += 1;
            }
        } else {
            hit1 = ids.first().is_some_and(|f| good.contains(f));
            let hit3 = ids.iter().take(3).any(|f| good.contains(f));
            if ids.is_empty() && good.contains(&"none") {
                said_none_right += 1;
            }
            top1 += usize::from(hit1 || (ids.is_empty() && good.contains(&"none")));
            top3 += usize::from(hit3 || (ids.is_empty() && good.contains(&"none")));
            let want = portal_of(&c.expect);
            if let Some(first) = r.matches.first() {
                if want.is_some_and(|p| p != first.portal) && !good.contains(&first.flow_id.as_str()) {
                    wrong_portal += 1;
                    misses.push(format!("WRONG PORTAL {:?}", first.portal));
                }
            }
        }
        if std::env::var_os("AA_DEVSET_VERBOSE").is_some() {
            eprintln!(
                "  case {} → {:?} maybe {:?} ← {:.40}",
                c.expect,
                r.matches.iter().map(|m| (m.flow_id.as_str(), m.score)).collect::<Vec<_>>(),
                r.maybe.iter().map(|m| (m.flow_id.as_str(), m.score)).collect::<Vec<_>>(),
                c.text.trim().replace('\n', " ")
            );
        }
        if !hit1 {
            misses.push(format!(
                "[{}] expected {} got {:?} (maybe {:?}) ← {:.60}",
                c.kind,
                c.expect,
                r.matches.iter().map(|m| (m.flow_id.as_str(), m.score)).collect::<Vec<_>>(),
                r.maybe.iter().map(|m| (m.flow_id.as_str(), m.score)).collect::<Vec<_>>(),
                c.text.trim().replace('\n', " ")
            ));
        }
    }
    let pct = |n: usize, d: usize| if d == 0 { 1.0 } else { n as f64 / d as f64 };
    let none_precision = pct(said_none_right, said_none);
    eprintln!("message search development set: {counted} cases counted, {} pending", pending.len());
    eprintln!(
        "  top-1 {top1}/{counted} = {:.1}%, top-3 {top3}/{counted} = {:.1}%, wrong-portal answers {wrong_portal}",
        100.0 * pct(top1, counted),
        100.0 * pct(top3, counted)
    );
    eprintln!(
        "  \"none\" precision {said_none_right}/{said_none} = {:.1}%, \"none\" recall {none_right}/{expected_none} = {:.1}%",
        100.0 * none_precision,
        100.0 * pct(none_right, expected_none)
    );
    for p in &pending {
        eprintln!("  pending (flow not bundled yet): {p}");
    }
    for m in &misses {
        eprintln!("  miss: {m}");
    }
    assert!(pct(top1, counted) >= MIN_TOP1, "top-1 accuracy fell below {MIN_TOP1}");
    assert!(pct(top3, counted) >= MIN_TOP3, "top-3 accuracy fell below {MIN_TOP3}");
    assert!(wrong_portal <= MAX_WRONG_PORTAL, "{wrong_portal} wrong-portal answers");
    assert!(none_precision >= MIN_NONE_PRECISION, "\"none\" precision fell below {MIN_NONE_PRECISION}");
}
