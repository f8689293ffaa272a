//! The `stats --chart` picture: touches you made, they made and both ways,
//! by month and by circle, as an SVG drawn with plotters.

use crate::plan::stats::{Counts, Stats};
use plotters::coord::ranged1d::SegmentValue;
use plotters::prelude::*;

/// Size of the picture, in SVG pixels.
const WIDTH: u32 = 880;
const HEIGHT: u32 = 620;

/// Mid-tone colours, one a direction, that read on a light page and on a
/// dark one alike; the background is left transparent.
const YOU: RGBColor = RGBColor(0x3d, 0x8b, 0xd9);
const THEM: RGBColor = RGBColor(0xe0, 0x8a, 0x2e);
const BOTH: RGBColor = RGBColor(0x4a, 0xa8, 0x6a);
/// Text and axes: a grey as far from white as from black.
const INK: RGBColor = RGBColor(0x88, 0x88, 0x88);

const FONT: &str = "sans-serif";

/// Why the chart could not be drawn (plotters' own words).
#[derive(Debug, thiserror::Error)]
#[error("cannot draw the chart: {0}")]
pub struct ChartError(String);

fn failed<E: std::fmt::Debug>(e: E) -> ChartError {
    ChartError(format!("{e:?}"))
}

/// The three directions in the order drawn, with their colours and names.
fn series(c: Counts) -> [(usize, RGBColor); 3] {
    [(c.outbound, YOU), (c.inbound, THEM), (c.two_way, BOTH)]
}

const NAMES: [(&str, RGBColor); 3] = [("you", YOU), ("them", THEM), ("both ways", BOTH)];

/// Where bar `k` of three sits in slot `i` of a grouped bar chart: a
/// tenth of the slot free on each side.
fn bar_span(i: usize, k: usize) -> (f64, f64) {
    let width = 0.8 / 3.0;
    let start = i as f64 + 0.1 + k as f64 * width;
    (start, start + width)
}

/// The chart as SVG text. The same stats always give the same bytes: no
/// clock, no random ids, no system fonts (plotters measures text itself).
pub fn svg(s: &Stats<'_>) -> Result<String, ChartError> {
    let mut out = String::new();
    {
        let root = SVGBackend::with_string(&mut out, (WIDTH, HEIGHT)).into_drawing_area();
        let text = |size: u32| (FONT, size).into_font().color(&INK);
        let root = root
            .titled(
                &format!("Touches from {} to {}", s.since, s.until),
                text(20),
            )
            .map_err(failed)?;
        let (top, bottom) = root.split_vertically(HEIGHT * 11 / 20);

        // By month: three bars a month.
        let months = s.months.len().max(1);
        let max = s
            .months
            .iter()
            .flat_map(|m| series(m.counts).map(|(n, _)| n))
            .max()
            .unwrap_or(0)
            .max(1);
        let mut chart = ChartBuilder::on(&top)
            .caption("by month", text(15))
            .margin(10)
            .x_label_area_size(28)
            .y_label_area_size(40)
            .build_cartesian_2d((0..months - 1).into_segmented(), 0..max)
            .map_err(failed)?
            .set_secondary_coord(0.0..months as f64, 0.0..max as f64);
        let labels: Vec<String> = s
            .months
            .iter()
            .map(|m| m.start.format("%Y-%m").to_string())
            .collect();
        let step = months.div_ceil(12);
        chart
            .configure_mesh()
            .disable_x_mesh()
            .light_line_style(INK.mix(0.15))
            .bold_line_style(INK.mix(0.3))
            .axis_style(INK)
            .label_style(text(12))
            .x_labels(months)
            .x_label_formatter(&|v| match v {
                // A long window labels every few months, not all on top
                // of each other.
                SegmentValue::CenterOf(i) if i % step == 0 => {
                    labels.get(*i).cloned().unwrap_or_default()
                }
                _ => String::new(),
            })
            .y_desc("touches")
            .axis_desc_style(text(12))
            .draw()
            .map_err(failed)?;
        for (k, (name, colour)) in NAMES.iter().enumerate() {
            chart
                .draw_secondary_series(s.months.iter().enumerate().map(|(i, m)| {
                    let (x0, x1) = bar_span(i, k);
                    let n = series(m.counts)[k].0 as f64;
                    Rectangle::new([(x0, 0.0), (x1, n)], colour.filled())
                }))
                .map_err(failed)?
                .label(*name)
                .legend(move |(x, y)| {
                    Rectangle::new([(x, y - 5), (x + 10, y + 5)], colour.filled())
                });
        }
        chart
            .configure_series_labels()
            .position(SeriesLabelPosition::UpperLeft)
            .label_font(text(12))
            .border_style(INK.mix(0.5))
            .background_style(TRANSPARENT)
            .draw()
            .map_err(failed)?;

        // By circle: three bars a circle, side by side.
        let circles = s.by_circle.len().max(1);
        let max = s
            .by_circle
            .iter()
            .flat_map(|(_, c)| series(*c).map(|(n, _)| n))
            .max()
            .unwrap_or(0)
            .max(1);
        let names: Vec<String> = s
            .by_circle
            .iter()
            .map(|(c, _)| c.as_deref().unwrap_or("(no circle)").to_string())
            .collect();
        let mut chart = ChartBuilder::on(&bottom)
            .caption("by circle", text(15))
            .margin(10)
            .x_label_area_size(28)
            .y_label_area_size(40)
            .build_cartesian_2d((0..circles - 1).into_segmented(), 0..max)
            .map_err(failed)?
            .set_secondary_coord(0.0..circles as f64, 0.0..max as f64);
        chart
            .configure_mesh()
            .disable_x_mesh()
            .light_line_style(INK.mix(0.15))
            .bold_line_style(INK.mix(0.3))
            .axis_style(INK)
            .label_style(text(12))
            .x_labels(circles)
            .x_label_formatter(&|v| match v {
                SegmentValue::CenterOf(i) => names.get(*i).cloned().unwrap_or_default(),
                _ => String::new(),
            })
            .y_desc("touches")
            .axis_desc_style(text(12))
            .draw()
            .map_err(failed)?;
        for (k, (_, colour)) in NAMES.iter().enumerate() {
            chart
                .draw_secondary_series(s.by_circle.iter().enumerate().map(|(i, (_, c))| {
                    let (x0, x1) = bar_span(i, k);
                    let n = series(*c)[k].0 as f64;
                    Rectangle::new([(x0, 0.0), (x1, n)], colour.filled())
                }))
                .map_err(failed)?;
        }
        root.present().map_err(failed)?;
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::tests::{build, d};

    fn chart() -> String {
        let (index, config) = build(
            &[
                (
                    "people/Ann.md",
                    "---\ncircle: a<b&\"c\"\n---\n- 2026-10-02 -> email\n- 2026-11-02 <- call\n",
                ),
                ("people/Bo.md", "- 2026-09-03 coffee together\n"),
            ],
            "[circles.\"a<b&\\\"c\\\"\"]\n",
            "2026-11-23",
        );
        let s = crate::plan::stats::stats(&index, &config, d("2025-12-01"), d("2026-11-23"));
        svg(&s).unwrap_or_else(|e| panic!("{e}"))
    }

    #[test]
    fn the_chart_is_svg_that_parses_as_xml() {
        let text = chart();
        let doc = roxmltree::Document::parse(&text).unwrap_or_else(|e| panic!("{e}\n{text}"));
        assert_eq!(doc.root_element().tag_name().name(), "svg");
        let texts: Vec<&str> = doc
            .descendants()
            .filter(|n| n.is_text())
            .filter_map(|n| n.text())
            .map(str::trim)
            .collect();
        for label in [
            "by month",
            "by circle",
            "you",
            "them",
            "both ways",
            "2026-10",
            "(no circle)",
        ] {
            assert!(texts.contains(&label), "no {label:?} in {texts:?}");
        }
        // A circle's name is the user's text: escaped, and read back whole.
        assert!(texts.contains(&"a<b&\"c\""), "{texts:?}");
    }

    #[test]
    fn a_long_window_labels_every_few_months() {
        let (index, config) = build(
            &[("people/Ann.md", "- 2026-10-02 -> email\n")],
            "",
            "2026-11-23",
        );
        let s = crate::plan::stats::stats(&index, &config, d("2022-01-01"), d("2026-11-23"));
        let text = svg(&s).unwrap_or_else(|e| panic!("{e}"));
        let doc = roxmltree::Document::parse(&text).unwrap_or_else(|e| panic!("{e}"));
        let months = doc
            .descendants()
            .filter(|n| n.is_text())
            .filter_map(|n| n.text())
            .map(str::trim)
            .filter(|t| t.len() == 7 && t.starts_with("20"))
            .count();
        assert!(
            (8..=12).contains(&months),
            "{months} month labels for 59 months"
        );
    }

    #[test]
    fn the_same_stats_give_the_same_bytes() {
        assert_eq!(chart(), chart());
    }

    #[test]
    fn the_chart_has_no_background_and_mid_tone_ink() {
        let text = chart();
        // Transparent: nothing paints the whole picture white or black.
        assert!(!text.contains("fill=\"#FFFFFF\""), "a white background");
        assert!(!text.contains("fill=\"#000000\""), "black ink");
        assert!(text.contains("#888888"), "grey ink");
    }
}
