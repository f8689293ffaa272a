//! `stats`: the numbers the advice asks for. Who is in which circle, how
//! often you reached out and how often they did, by month and by circle,
//! through which channels, what came of it, and whether the monthly
//! outreach goal was met.

use crate::config::Config;
use crate::index::{Contact, Index, Source, Touch};
use crate::note::inline::Direction;
use crate::note::Status;
use chrono::{Datelike, NaiveDate};
use std::collections::{BTreeMap, HashSet};

/// Touches out, in and both ways. A touch is counted once for each
/// contact it is about: lunch with two people is two touches.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    pub outbound: usize,
    pub inbound: usize,
    pub two_way: usize,
}

impl Counts {
    fn add(&mut self, d: Direction) {
        match d {
            Direction::Out => self.outbound += 1,
            Direction::In => self.inbound += 1,
            Direction::TwoWay => self.two_way += 1,
        }
    }

    pub fn total(&self) -> usize {
        self.outbound + self.inbound + self.two_way
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CircleCount {
    /// `None`: contacts with no circle.
    pub circle: Option<String>,
    pub active: usize,
    pub paused: usize,
    pub archived: usize,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Month {
    /// The month's first day.
    pub start: NaiveDate,
    pub counts: Counts,
    /// Distinct contacts you reached out to (an outbound touch).
    pub reached_out: usize,
    pub goal_met: bool,
    /// Distinct entries tagged as a collaboration.
    pub collaborations: usize,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Reciprocity<'a> {
    pub contact: &'a Contact,
    pub counts: Counts,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Stats<'a> {
    pub since: NaiveDate,
    pub until: NaiveDate,
    pub monthly_goal: u32,
    pub circles: Vec<CircleCount>,
    pub total: Counts,
    pub months: Vec<Month>,
    /// Touches by the contact's circle (`None`: no circle), config order.
    pub by_circle: Vec<(Option<String>, Counts)>,
    /// Contacts with touches in the window, most one-sided (yours minus
    /// theirs) first.
    pub reciprocity: Vec<Reciprocity<'a>>,
    /// Tags of touches (channels and topics), most used first; `in`, `out`
    /// and the collaboration tags left out.
    pub channels: Vec<(String, usize)>,
    pub collaborations: usize,
}

fn month_start(d: NaiveDate) -> NaiveDate {
    d.with_day(1).unwrap_or(d)
}

/// The default window: the twelve months up to and including `today`'s.
pub fn default_since(today: NaiveDate) -> NaiveDate {
    let first = month_start(today);
    first
        .checked_sub_months(chrono::Months::new(11))
        .unwrap_or(first)
}

fn tags_of<'a>(index: &'a Index, touch: &Touch) -> Vec<&'a str> {
    match touch.source {
        Source::Entry { note, entry } => {
            let note = &index.notes[note as usize];
            note.entries
                .get(entry as usize)
                .map_or_else(Vec::new, |e| note.tags(&e).collect())
        }
        Source::Front { note, .. } => index.notes[note as usize]
            .front
            .tags
            .iter()
            .map(String::as_str)
            .collect(),
    }
}

/// Works out the stats for touches dated `since..=until`.
pub fn stats<'a>(
    index: &'a Index,
    config: &Config,
    since: NaiveDate,
    until: NaiveDate,
) -> Stats<'a> {
    let circle_key = |c: &Contact| -> Option<String> {
        index.note(c).front.circle.as_deref().map(|name| {
            // Spell a circle the way the config does, so `Mentor` and
            // `mentor` are one.
            config
                .circle(name)
                .map_or_else(|| name.to_lowercase(), |c| c.name.clone())
        })
    };
    let order = |key: &Option<String>| {
        (
            key.is_none(),
            config.circle_rank(key.as_deref()),
            key.clone(),
        )
    };

    let mut circles: BTreeMap<(bool, usize, Option<String>), CircleCount> = BTreeMap::new();
    let mut by_circle: BTreeMap<(bool, usize, Option<String>), Counts> = BTreeMap::new();
    let mut months: BTreeMap<NaiveDate, (Counts, HashSet<usize>, HashSet<Source>)> =
        BTreeMap::new();
    let mut channels: BTreeMap<String, usize> = BTreeMap::new();
    let mut collab_sources = HashSet::new();
    let mut reciprocity = Vec::new();
    let mut total = Counts::default();

    // Every month of the window is listed, touched or not.
    let mut m = month_start(since);
    while m <= until {
        months.entry(m).or_default();
        match m.checked_add_months(chrono::Months::new(1)) {
            Some(next) => m = next,
            None => break,
        }
    }

    for (i, contact) in index.contacts.iter().enumerate() {
        let key = circle_key(contact);
        let entry = circles.entry(order(&key)).or_insert_with(|| CircleCount {
            circle: key.clone(),
            ..CircleCount::default()
        });
        match index.note(contact).front.status {
            Status::Active => entry.active += 1,
            Status::Paused => entry.paused += 1,
            Status::Archived => entry.archived += 1,
        }
        let mut mine = Counts::default();
        for touch in index
            .touches(contact)
            .filter(|t| t.date >= since && t.date <= until)
        {
            mine.add(touch.direction);
            total.add(touch.direction);
            by_circle
                .entry(order(&key))
                .or_default()
                .add(touch.direction);
            let month = months.entry(month_start(touch.date)).or_default();
            month.0.add(touch.direction);
            if touch.direction == Direction::Out {
                month.1.insert(i);
            }
            for tag in tags_of(index, &touch) {
                if config.collab_tags.iter().any(|c| c == tag) {
                    if collab_sources.insert(touch.source) {
                        month.2.insert(touch.source);
                    }
                } else if tag != "in" && tag != "out" {
                    *channels.entry(tag.to_string()).or_default() += 1;
                }
            }
        }
        if mine.total() > 0 {
            reciprocity.push(Reciprocity {
                contact,
                counts: mine,
            });
        }
    }
    reciprocity.sort_by(|a, b| {
        let lean = |r: &Reciprocity<'_>| r.counts.outbound as i64 - r.counts.inbound as i64;
        lean(b)
            .cmp(&lean(a))
            .then(a.contact.order.cmp(&b.contact.order))
    });
    let mut channels: Vec<(String, usize)> = channels.into_iter().collect();
    channels.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    Stats {
        since,
        until,
        monthly_goal: config.monthly_goal,
        circles: circles.into_values().collect(),
        total,
        months: months
            .into_iter()
            .map(|(start, (counts, reached, collabs))| Month {
                start,
                counts,
                reached_out: reached.len(),
                goal_met: reached.len() >= config.monthly_goal as usize,
                collaborations: collabs.len(),
            })
            .collect(),
        by_circle: by_circle.into_iter().map(|((_, _, k), v)| (k, v)).collect(),
        reciprocity,
        channels,
        collaborations: collab_sources.len(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::tests::{build, d};

    fn fixture() -> (Index, Config) {
        build(
            &[
                (
                    "people/Ann.md",
                    "---\ncircle: Mentor\n---\n- 2026-09-02 -> email #email\n- 2026-09-20 <- reply #Email\n- 2026-10-05 -> call #call\n- 2026-10-06 built the demo together #collab #call\n- 2025-01-01 -> long ago #email\n",
                ),
                ("people/Bo.md", "---\ncircle: friend\nstatus: paused\n---\n- 2026-09-03 -> text #text\n- 2026-10-07 -> text #text #out\n"),
                ("people/Cy.md", "---\nstatus: archived\n---\n- 2026-10-08 <- asked for help #email\n"),
                ("journal/2026-11-02.md", "- lunch with [[Ann]] and [[Bo]] #lunch #collab\n"),
            ],
            "monthly_goal = 2\n[circles.friend]\n[circles.mentor]\n",
            "2026-11-23",
        )
    }

    #[test]
    fn counts_by_circle_month_contact_and_channel() {
        let (index, config) = fixture();
        let s = stats(&index, &config, d("2026-09-01"), d("2026-11-23"));
        let circles: Vec<_> = s
            .circles
            .iter()
            .map(|c| (c.circle.clone(), c.active, c.paused, c.archived))
            .collect();
        assert_eq!(
            circles,
            [
                (Some("friend".into()), 0, 1, 0),
                (Some("mentor".into()), 1, 0, 0),
                (None, 0, 0, 1),
            ]
        );
        assert_eq!(
            s.total,
            Counts {
                outbound: 4,
                inbound: 2,
                two_way: 3
            }
        );
        let months: Vec<_> = s
            .months
            .iter()
            .map(|m| {
                (
                    m.start.to_string(),
                    m.counts.outbound,
                    m.counts.inbound,
                    m.counts.two_way,
                    m.reached_out,
                    m.goal_met,
                    m.collaborations,
                )
            })
            .collect();
        assert_eq!(
            months,
            [
                ("2026-09-01".into(), 2, 1, 0, 2, true, 0),
                ("2026-10-01".into(), 2, 1, 1, 2, true, 1),
                ("2026-11-01".into(), 0, 0, 2, 0, false, 1),
            ]
        );
        let by_circle: Vec<_> = s
            .by_circle
            .iter()
            .map(|(c, n)| (c.clone(), n.outbound, n.inbound, n.two_way))
            .collect();
        assert_eq!(
            by_circle,
            [
                (Some("friend".into()), 2, 0, 1),
                (Some("mentor".into()), 2, 1, 2),
                (None, 0, 1, 0)
            ]
        );
        let recip: Vec<_> = s
            .reciprocity
            .iter()
            .map(|r| index.note(r.contact).id.clone())
            .collect();
        assert_eq!(recip, ["Bo", "Ann", "Cy"]);
        assert_eq!(
            s.channels,
            [
                ("email".to_string(), 3),
                ("call".into(), 2),
                ("lunch".into(), 2),
                ("text".into(), 2)
            ]
        );
        assert_eq!(
            s.collaborations, 2,
            "the lunch counts once though it names two"
        );
    }

    #[test]
    fn default_window_is_twelve_months() {
        assert_eq!(default_since(d("2026-11-23")), d("2025-12-01"));
        let (index, config) = fixture();
        let s = stats(&index, &config, default_since(index.today), index.today);
        assert_eq!(s.months.len(), 12);
        assert_eq!(s.months[0].start, d("2025-12-01"));
    }
}
