//! `review`: the periodic regroup. Ties to let go, to revive or archive,
//! contacts never touched or without a rhythm, circles fuller than meant,
//! and whether all the cadences together fit the weekly budget.

use super::{load, states, ContactState, Load};
use crate::config::Config;
use crate::index::Index;
use crate::note::Status;

#[derive(Debug, Clone, PartialEq)]
pub struct CircleLoad {
    pub name: String,
    /// Active contacts in the circle.
    pub contacts: usize,
    pub capacity: Option<u32>,
    /// Touches a week its members' cadences ask for.
    pub per_week: f64,
}

impl CircleLoad {
    pub fn over_capacity(&self) -> bool {
        self.capacity.is_some_and(|c| self.contacts > c as usize)
    }
}

#[derive(Debug, Clone)]
pub struct Review<'a> {
    /// Three or more touches from you in a year and none back.
    pub one_sided: Vec<ContactState<'a>>,
    /// No touch for longer than `dormant_after`.
    pub dormant: Vec<ContactState<'a>>,
    /// Not one touch, nor `last_contact`.
    pub never_touched: Vec<ContactState<'a>>,
    /// No circle and no cadence: never planned for.
    pub no_rhythm: Vec<ContactState<'a>>,
    /// Waiting for your answer, longest first.
    pub replies: Vec<ContactState<'a>>,
    /// Open tasks in their notes that name no date (due on no day).
    pub undated_tasks: Vec<ContactState<'a>>,
    /// Every circle the config lists or a contact names, config order first.
    pub circles: Vec<CircleLoad>,
    pub load: Load,
}

/// The review on `index.today`; archived contacts are left out (they have
/// been let go already), paused ones are kept.
pub fn review<'a>(index: &'a Index, config: &Config) -> Review<'a> {
    let all: Vec<ContactState<'a>> = states(index, config)
        .into_iter()
        .filter(|s| s.status() != Status::Archived)
        .collect();
    let pick = |f: &dyn Fn(&ContactState<'a>) -> bool| -> Vec<ContactState<'a>> {
        all.iter().filter(|s| f(s)).cloned().collect()
    };
    let mut dormant = pick(&|s| s.dormant);
    dormant.sort_by_key(|s| s.last_touch.or(s.note.front.met));
    let mut replies = pick(&|s| s.reply_owed.is_some());
    replies.sort_by_key(|s| s.reply_owed);

    let mut circles: Vec<CircleLoad> = config
        .circles
        .iter()
        .map(|c| CircleLoad {
            name: c.name.clone(),
            contacts: 0,
            capacity: c.capacity,
            per_week: 0.0,
        })
        .collect();
    for s in all.iter().filter(|s| s.is_active()) {
        let Some(name) = s.circle() else { continue };
        let i = match circles
            .iter()
            .position(|c| crate::config::same_name(&c.name, name))
        {
            Some(i) => i,
            None => {
                circles.push(CircleLoad {
                    name: name.to_string(),
                    contacts: 0,
                    capacity: None,
                    per_week: 0.0,
                });
                circles.len() - 1
            }
        };
        circles[i].contacts += 1;
        if let Some(c) = s.cadence {
            circles[i].per_week += 7.0 / c.average_days();
        }
    }
    Review {
        one_sided: pick(&|s| s.one_sided),
        dormant,
        never_touched: pick(&|s| s.last_touch.is_none()),
        no_rhythm: pick(&|s| s.circle().is_none() && s.cadence.is_none()),
        replies,
        undated_tasks: pick(&|s| !s.note.undated_follow_ups().is_empty()),
        circles,
        load: load(index, config),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::tests::build;

    #[test]
    fn every_list_of_the_regroup() {
        let (index, config) = build(
            &[
                ("people/A.md", "---\ncircle: friend\n---\n- 2026-01-10 -> a\n- 2026-05-10 -> b\n- 2026-09-10 -> c\n"),
                ("people/B.md", "---\ncircle: friend\n---\n- 2025-01-01 old\n"),
                ("people/C.md", "---\ncircle: Friend\n---\n"),
                ("people/D.md", "- 2026-11-20 <- hi\n"),
                ("people/E.md", "---\ncircle: friend\nstatus: archived\n---\n"),
                ("people/F.md", "---\ncircle: golf\ncadence: 1w\n---\n- 2026-11-01 x\n- [ ] ask about golf\n"),
            ],
            "weekly_budget = 1\n[circles.family]\ncadence = \"2w\"\n[circles.friend]\ncadence = \"1w\"\ncapacity = 2\n",
            "2026-11-23",
        );
        let r = review(&index, &config);
        let ids = |v: &[ContactState<'_>]| v.iter().map(|s| s.id().to_string()).collect::<Vec<_>>();
        assert_eq!(ids(&r.one_sided), ["A"]);
        assert_eq!(ids(&r.dormant), ["B"]);
        assert_eq!(ids(&r.never_touched), ["C"], "archived E is let go already");
        assert_eq!(ids(&r.no_rhythm), ["D"]);
        assert_eq!(ids(&r.replies), ["D"]);
        assert_eq!(ids(&r.undated_tasks), ["F"]);
        let circles: Vec<_> = r
            .circles
            .iter()
            .map(|c| (c.name.as_str(), c.contacts, c.over_capacity()))
            .collect();
        assert_eq!(
            circles,
            [
                ("family", 0, false),
                ("friend", 3, true),
                ("golf", 1, false)
            ]
        );
        assert!((r.circles[1].per_week - 3.0).abs() < 1e-9);
        assert!((r.load.per_week - 4.0).abs() < 1e-9);
        assert!(r.load.over_budget());
    }
}
