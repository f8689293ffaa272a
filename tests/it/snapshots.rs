//! Snapshot tests: every report in every format on the `basic` fixture
//! vault, whose right answers are worked out in `tests/fixtures/README.md`.

use crate::util::{fixture, netkeep, run};

fn report(args: &[&str]) -> String {
    let mut cmd = netkeep();
    cmd.arg("--vault").arg(fixture("basic")).args(args);
    let out = run(cmd);
    assert!(
        out.code == 0 || args[0] == "check",
        "{args:?} exited {}:\n{}",
        out.code,
        out.stderr
    );
    format!("{}\n--- stderr ---\n{}", out.stdout, out.stderr)
}

macro_rules! snapshot {
    ($name:ident, $($arg:expr),+) => {
        #[test]
        fn $name() {
            // The files keep the names they had when this was a binary
            // of its own: `snapshots__<test>.snap` beside this file.
            insta::with_settings!({prepend_module_to_snapshot => false}, {
                insta::assert_snapshot!(
                    concat!("snapshots__", stringify!($name)),
                    report(&[$($arg),+])
                );
            });
        }
    };
}

snapshot!(overdue_text, "overdue");
snapshot!(overdue_md, "overdue", "--format", "md");
snapshot!(overdue_json, "overdue", "--format", "json");
snapshot!(overdue_csv, "overdue", "--format", "csv");
snapshot!(agenda_md, "agenda");
snapshot!(agenda_json, "agenda", "--format", "json");
snapshot!(agenda_max_days, "agenda", "--max", "5", "--days", "3");
snapshot!(list_text, "list");
snapshot!(list_md, "list", "--format", "md");
snapshot!(list_json, "list", "--format", "json");
snapshot!(list_csv, "list", "--format", "csv");
snapshot!(
    list_filtered,
    "list",
    "--circle",
    "mentor",
    "--where",
    "location=chicago"
);
snapshot!(show_text, "show", "ana");
snapshot!(show_md, "show", "Ben Okafor", "--format", "md");
snapshot!(show_json, "show", "dev patel", "--format", "json");
snapshot!(dates_text, "dates");
snapshot!(dates_md, "dates", "--format", "md");
snapshot!(dates_json, "dates", "--format", "json");
snapshot!(dates_csv, "dates", "--days", "30", "--format", "csv");
snapshot!(check_text, "check");
snapshot!(check_json, "check", "--format", "json");
snapshot!(stats_text, "stats", "--since", "2026-09-01");
snapshot!(stats_md, "stats", "--since", "2026-09-01", "--format", "md");
snapshot!(
    stats_json,
    "stats",
    "--since",
    "2026-09-01",
    "--format",
    "json"
);
snapshot!(
    stats_csv,
    "stats",
    "--since",
    "2026-09-01",
    "--format",
    "csv"
);
snapshot!(review_md, "review");
snapshot!(review_text, "review", "--format", "text");
snapshot!(review_json, "review", "--format", "json");
snapshot!(export_ics, "export", "ics", "--days", "30");
