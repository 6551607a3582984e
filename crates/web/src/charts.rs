//! Charts as plain SVG built on the server: no script and no inline style
//! (the CSP allows neither), so colours are presentation attributes. Every
//! text is escaped; every chart carries a title for screen readers, and the
//! pages print the figures beside it.

use std::fmt::Write;

/// Escapes text for XML content and attributes (SVG here, and the
/// market's invoice data): the five markup characters, and the control
/// characters XML 1.0 forbids are dropped.
pub fn esc(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c if (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r') => {}
            c => out.push(c),
        }
    }
    out
}

/// Labels longer than this are cut (the full label is in the bar's tooltip).
const LABEL_CHARS: usize = 26;

fn short(label: &str) -> String {
    if label.chars().count() <= LABEL_CHARS {
        label.to_owned()
    } else {
        let cut: String = label.chars().take(LABEL_CHARS - 1).collect();
        format!("{cut}…")
    }
}

const INK: &str = "#1d2b24";
const BAR: &str = "#1f6f4a";
const BAR_MUTED: &str = "#8fb5a0";
const GRID: &str = "#d8d4c8";
/// Money in and out: the stylesheet's --color-chart-in and --color-chart-out.
const IN: &str = "#2f6b3b";
const OUT: &str = "#a5402d";

/// One bar: its label, its length as a share of the longest (0 to 1), the
/// figure printed after it, and whether it is the outcome (darker).
pub struct Bar {
    pub label: String,
    pub share: f64,
    pub figure: String,
    pub highlight: bool,
}

/// Horizontal bars, one per row.
pub fn bars(title: &str, rows: &[Bar]) -> String {
    const ROW: usize = 26;
    const LABEL_W: usize = 190;
    const BAR_W: f64 = 300.0;
    let height = ROW * rows.len().max(1) + 8;
    let mut svg = format!(
        "<svg class=\"chart-bars\" viewBox=\"0 0 620 {height}\" role=\"img\" aria-label=\"{}\">",
        esc(title)
    );
    let _ = write!(svg, "<title>{}</title>", esc(title));
    for (i, row) in rows.iter().enumerate() {
        let y = 4 + i * ROW;
        let width = (row.share.clamp(0.0, 1.0) * BAR_W).round();
        let width = if row.share > 0.0 { width.max(2.0) } else { 0.0 };
        let fill = if row.highlight { BAR } else { BAR_MUTED };
        let _ = write!(
            svg,
            "<text x=\"0\" y=\"{}\" font-size=\"13\" fill=\"{INK}\">{}</text>\
             <rect x=\"{LABEL_W}\" y=\"{y}\" width=\"{width}\" height=\"18\" fill=\"{fill}\"><title>{}: {}</title></rect>\
             <text x=\"{}\" y=\"{}\" font-size=\"13\" fill=\"{INK}\">{}</text>",
            y + 14,
            esc(&short(&row.label)),
            esc(&row.label),
            esc(&row.figure),
            LABEL_W as f64 + width + 6.0,
            y + 14,
            esc(&row.figure),
        );
    }
    svg.push_str("</svg>");
    svg
}

/// Colours of grades, worst to best (ColorBrewer RdYlGn, 10 classes).
const GRADES: [&str; 10] = [
    "#a50026", "#d73027", "#f46d43", "#fdae61", "#fee08b", "#d9ef8b", "#a6d96a", "#66bd63",
    "#1a9850", "#006837",
];

/// The colour of `grade` among `count` grades, spread over the palette.
pub fn grade_colour(grade: usize, count: usize) -> &'static str {
    if count <= 1 {
        return GRADES[GRADES.len() - 1];
    }
    GRADES[grade * (GRADES.len() - 1) / (count - 1)]
}

/// Majority judgment's merit profiles: per option, a bar split by grade
/// (worst on the left), with the median line at half the votes.
/// `profiles[option][grade]` are shares of the option's votes (0 to 1).
pub fn merit_profiles(
    title: &str,
    options: &[String],
    profiles: &[Vec<f64>],
    grades: &[String],
) -> String {
    const ROW: usize = 30;
    const LABEL_W: f64 = 190.0;
    const BAR_W: f64 = 400.0;
    let height = ROW * options.len().max(1) + 40;
    let mut svg = format!(
        "<svg class=\"chart-profiles\" viewBox=\"0 0 600 {height}\" role=\"img\" aria-label=\"{}\">",
        esc(title)
    );
    let _ = write!(svg, "<title>{}</title>", esc(title));
    for (i, (label, profile)) in options.iter().zip(profiles).enumerate() {
        let y = 4 + i * ROW;
        let _ = write!(
            svg,
            "<text x=\"0\" y=\"{}\" font-size=\"13\" fill=\"{INK}\">{}</text>",
            y + 15,
            esc(&short(label))
        );
        let mut x = LABEL_W;
        for (grade, share) in profile.iter().enumerate() {
            let w = share.clamp(0.0, 1.0) * BAR_W;
            if w <= 0.0 {
                continue;
            }
            let name = grades.get(grade).map_or("", String::as_str);
            let _ = write!(
                svg,
                "<rect x=\"{x:.1}\" y=\"{y}\" width=\"{w:.1}\" height=\"20\" fill=\"{}\"><title>{}: {} {:.0} %</title></rect>",
                grade_colour(grade, profile.len()),
                esc(label),
                esc(name),
                share * 100.0
            );
            x += w;
        }
    }
    let median_x = LABEL_W + BAR_W / 2.0;
    let bottom = 4 + ROW * options.len();
    let _ = write!(
        svg,
        "<line x1=\"{median_x}\" y1=\"0\" x2=\"{median_x}\" y2=\"{bottom}\" stroke=\"{INK}\" stroke-width=\"2\" stroke-dasharray=\"4 3\"/>"
    );
    // Legend.
    let mut x = 0.0;
    for (grade, name) in grades.iter().enumerate() {
        let _ = write!(
            svg,
            "<rect x=\"{x}\" y=\"{}\" width=\"12\" height=\"12\" fill=\"{}\"/>\
             <text x=\"{}\" y=\"{}\" font-size=\"11\" fill=\"{INK}\">{}</text>",
            bottom + 12,
            grade_colour(grade, grades.len()),
            x + 15.0,
            bottom + 22,
            esc(name)
        );
        x += 16.0 + 7.0 * name.chars().count() as f64 + 10.0;
    }
    svg.push_str("</svg>");
    svg
}

/// Turnout over time: votes cast so far, as a step line from the opening
/// to the close. `times` are the moments of first votes, sorted.
pub fn turnout(
    title: &str,
    times: &[i64],
    from: i64,
    to: i64,
    eligible: i64,
    date: impl Fn(i64) -> String,
) -> String {
    const W: f64 = 560.0;
    const H: f64 = 140.0;
    const LEFT: f64 = 40.0;
    let span = (to - from).max(1) as f64;
    let top = eligible.max(times.len() as i64).max(1) as f64;
    let x = |t: i64| LEFT + ((t - from).clamp(0, to - from) as f64 / span) * (W - LEFT);
    let y = |n: usize| 10.0 + H - (n as f64 / top) * H;
    let mut points = format!("{:.1},{:.1}", x(from), y(0));
    for (i, t) in times.iter().enumerate() {
        let _ = write!(
            points,
            " {:.1},{:.1} {:.1},{:.1}",
            x(*t),
            y(i),
            x(*t),
            y(i + 1)
        );
    }
    let _ = write!(points, " {:.1},{:.1}", x(to), y(times.len()));
    let mut svg = format!(
        "<svg class=\"chart-turnout\" viewBox=\"0 0 600 180\" role=\"img\" aria-label=\"{}\"><title>{}</title>",
        esc(title),
        esc(title)
    );
    let _ = write!(
        svg,
        "<line x1=\"{LEFT}\" y1=\"{:.1}\" x2=\"{W}\" y2=\"{:.1}\" stroke=\"#d8d4c8\"/>\
         <text x=\"0\" y=\"{:.1}\" font-size=\"11\" fill=\"{INK}\">{eligible}</text>\
         <text x=\"0\" y=\"{:.1}\" font-size=\"11\" fill=\"{INK}\">0</text>\
         <polyline points=\"{points}\" fill=\"none\" stroke=\"{BAR}\" stroke-width=\"2\"/>\
         <text x=\"{LEFT}\" y=\"175\" font-size=\"11\" fill=\"{INK}\">{}</text>\
         <text x=\"{W}\" y=\"175\" font-size=\"11\" fill=\"{INK}\" text-anchor=\"end\">{}</text>",
        y(eligible.max(0) as usize),
        y(eligible.max(0) as usize),
        y(eligible.max(0) as usize) + 4.0,
        y(0),
        esc(&date(from)),
        esc(&date(to)),
    );
    svg.push_str("</svg>");
    svg
}

/// One month of money in and out, in minor units, with its name.
pub struct MonthFlow {
    pub month: String,
    pub incoming: i64,
    pub outgoing: i64,
}

/// Gridline values from zero to at least `top`: at most four steps of 1, 2
/// or 5 times a power of ten, so axis labels stay round.
pub fn ticks(top: i64) -> Vec<i64> {
    let top = top.max(1);
    let rough = top.saturating_add(3) / 4;
    let mut power = 1_i64;
    while power.saturating_mul(10) <= rough {
        power *= 10;
    }
    let step = [1, 2, 5, 10]
        .iter()
        .map(|m| power.saturating_mul(*m))
        .find(|s| *s >= rough)
        .unwrap_or(i64::MAX);
    let steps = (top - 1) / step + 1;
    (0..=steps).map(|i| i.saturating_mul(step)).collect()
}

/// Money in and out per month as paired columns over a money axis with
/// gridlines. Money out is hatched as well as coloured, and the legend
/// inside the chart shows both, so no colour is needed to tell them apart.
/// `names` are the two series' names; `money` writes an amount.
pub fn in_and_out(
    title: &str,
    names: (&str, &str),
    months: &[MonthFlow],
    money: impl Fn(i64) -> String,
) -> String {
    const LEFT: f64 = 84.0;
    const RIGHT: f64 = 596.0;
    const TOP: f64 = 10.0;
    const BOTTOM: f64 = 150.0;
    // Room for twelve months, so a column keeps its size.
    const SLOT: f64 = (RIGHT - LEFT) / 12.0;
    let top = months
        .iter()
        .map(|m| m.incoming.max(m.outgoing))
        .max()
        .unwrap_or(0);
    let ticks = ticks(top);
    let scale = *ticks.last().unwrap_or(&1) as f64;
    let y = |v: i64| BOTTOM - (v as f64 / scale) * (BOTTOM - TOP);
    let mut svg = format!(
        "<svg class=\"chart-flows\" viewBox=\"0 0 600 210\" role=\"img\" aria-label=\"{}\"><title>{}</title>\
         <defs><pattern id=\"hatch-out\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\" patternTransform=\"rotate(45)\">\
         <rect width=\"6\" height=\"6\" fill=\"{OUT}\"/><line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"6\" stroke=\"#ffffff\" stroke-width=\"2\"/></pattern></defs>",
        esc(title),
        esc(title)
    );
    for tick in &ticks {
        let _ = write!(
            svg,
            "<line x1=\"{LEFT}\" y1=\"{0:.1}\" x2=\"{RIGHT}\" y2=\"{0:.1}\" stroke=\"{GRID}\"/>\
             <text x=\"{1}\" y=\"{2:.1}\" font-size=\"11\" fill=\"{INK}\" text-anchor=\"end\">{3}</text>",
            y(*tick),
            LEFT - 6.0,
            y(*tick) + 4.0,
            esc(&money(*tick)),
        );
    }
    for (n, m) in months.iter().rev().take(12).rev().enumerate() {
        let x = LEFT + 4.0 + SLOT * n as f64;
        for (dx, value, fill, name) in [
            (0.0, m.incoming, IN.to_owned(), names.0),
            (17.0, m.outgoing, "url(#hatch-out)".to_owned(), names.1),
        ] {
            let height = (BOTTOM - y(value)).max(if value > 0 { 1.0 } else { 0.0 });
            let _ = write!(
                svg,
                "<rect x=\"{:.1}\" y=\"{:.1}\" width=\"15\" height=\"{height:.1}\" fill=\"{fill}\"><title>{} · {} {}</title></rect>",
                x + dx,
                BOTTOM - height,
                esc(&m.month),
                esc(name),
                esc(&money(value)),
            );
        }
        // "déc. 2026" on two lines, so neighbours' names do not run together.
        let (name, year) = m.month.rsplit_once(' ').unwrap_or((&m.month, ""));
        let _ = write!(
            svg,
            "<text x=\"{0:.1}\" y=\"164\" font-size=\"11\" fill=\"{INK}\" text-anchor=\"middle\">{1}\
             <tspan x=\"{0:.1}\" dy=\"12\">{2}</tspan></text>",
            x + 16.0,
            esc(name),
            esc(year)
        );
    }
    let _ = write!(
        svg,
        "<line x1=\"{LEFT}\" y1=\"{BOTTOM}\" x2=\"{RIGHT}\" y2=\"{BOTTOM}\" stroke=\"{INK}\"/>\
         <rect x=\"{LEFT}\" y=\"192\" width=\"12\" height=\"12\" fill=\"{IN}\"/>\
         <text x=\"{}\" y=\"202\" font-size=\"11\" fill=\"{INK}\">{}</text>\
         <rect x=\"{}\" y=\"192\" width=\"12\" height=\"12\" fill=\"url(#hatch-out)\"/>\
         <text x=\"{}\" y=\"202\" font-size=\"11\" fill=\"{INK}\">{}</text></svg>",
        LEFT + 16.0,
        esc(names.0),
        LEFT + 40.0 + 7.0 * names.0.chars().count() as f64,
        LEFT + 56.0 + 7.0 * names.0.chars().count() as f64,
        esc(names.1),
    );
    svg
}

/// A cell's shade in a table coloured by value: 0 (none) to 9 (the most).
pub fn heat(value: u128, max: u128) -> u8 {
    if max == 0 {
        0
    } else {
        ((value * 9).div_ceil(max)).min(9) as u8
    }
}

/// A sum growing over time (what a campaign has been pledged): a step
/// line from `from` to `to` over a money axis with gridlines, and a dashed
/// line at each goal, labelled. `points` are (moment, total then), in
/// order; `money` writes an amount and `date` a moment.
pub fn growth(
    title: &str,
    points: &[(i64, i64)],
    (from, to): (i64, i64),
    goals: &[(&str, i64)],
    money: impl Fn(i64) -> String,
    date: impl Fn(i64) -> String,
) -> String {
    const LEFT: f64 = 70.0;
    const RIGHT: f64 = 590.0;
    const TOP: f64 = 10.0;
    const BOTTOM: f64 = 150.0;
    let highest = points.last().map_or(0, |p| p.1);
    let top = goals.iter().map(|g| g.1).fold(highest, i64::max);
    let ticks = ticks(top);
    let scale = (*ticks.last().unwrap_or(&1)).max(1) as f64;
    let span = (to - from).max(1);
    let x = |t: i64| LEFT + ((t - from).clamp(0, span) as f64 / span as f64) * (RIGHT - LEFT);
    let y = |v: i64| BOTTOM - (v.max(0) as f64 / scale) * (BOTTOM - TOP);
    let mut svg = format!(
        "<svg class=\"chart-growth\" viewBox=\"0 0 600 180\" role=\"img\" aria-label=\"{0}\"><title>{0}</title>",
        esc(title)
    );
    for tick in &ticks {
        let _ = write!(
            svg,
            "<line x1=\"{LEFT}\" y1=\"{0:.1}\" x2=\"{RIGHT}\" y2=\"{0:.1}\" stroke=\"{GRID}\"/>\
             <text x=\"{1}\" y=\"{2:.1}\" font-size=\"11\" fill=\"{INK}\" text-anchor=\"end\">{3}</text>",
            y(*tick),
            LEFT - 4.0,
            y(*tick) + 4.0,
            esc(&money(*tick)),
        );
    }
    for (name, goal) in goals {
        let _ = write!(
            svg,
            "<line x1=\"{LEFT}\" y1=\"{0:.1}\" x2=\"{RIGHT}\" y2=\"{0:.1}\" stroke=\"{OUT}\" stroke-dasharray=\"6 4\"/>\
             <text x=\"{RIGHT}\" y=\"{1:.1}\" font-size=\"11\" fill=\"{OUT}\" text-anchor=\"end\">{2} {3}</text>",
            y(*goal),
            y(*goal) - 3.0,
            esc(name),
            esc(&money(*goal)),
        );
    }
    let mut line = format!("{:.1},{:.1}", x(from), y(0));
    let mut last = 0;
    for (t, total) in points {
        let _ = write!(
            line,
            " {:.1},{:.1} {:.1},{:.1}",
            x(*t),
            y(last),
            x(*t),
            y(*total)
        );
        last = *total;
    }
    let now_or_end = points.last().map_or(from, |p| p.0).max(from);
    let _ = write!(line, " {:.1},{:.1}", x(now_or_end.min(to)), y(last));
    let _ = write!(
        svg,
        "<polyline points=\"{line}\" fill=\"none\" stroke=\"{BAR}\" stroke-width=\"2\"/>\
         <line x1=\"{LEFT}\" y1=\"{BOTTOM}\" x2=\"{RIGHT}\" y2=\"{BOTTOM}\" stroke=\"{INK}\"/>\
         <text x=\"{LEFT}\" y=\"170\" font-size=\"11\" fill=\"{INK}\">{}</text>\
         <text x=\"{RIGHT}\" y=\"170\" font-size=\"11\" fill=\"{INK}\" text-anchor=\"end\">{}</text></svg>",
        esc(&date(from)),
        esc(&date(to)),
    );
    svg
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_are_escaped_and_bars_scaled() {
        let svg = bars(
            "Votes",
            &[
                Bar {
                    label: "<script>alert(1)</script>".into(),
                    share: 1.0,
                    figure: "3".into(),
                    highlight: true,
                },
                Bar {
                    label: "B & C".into(),
                    share: 0.5,
                    figure: "1".into(),
                    highlight: false,
                },
            ],
        );
        assert!(!svg.contains("<script>"), "{svg}");
        assert!(svg.contains("B &amp; C"));
        assert!(svg.contains("width=\"300\""));
        assert!(svg.contains("width=\"150\""));
    }

    #[test]
    fn money_axes_have_round_steps_that_reach_the_top() {
        assert_eq!(ticks(0), vec![0, 1]);
        assert_eq!(ticks(1_850), vec![0, 500, 1_000, 1_500, 2_000]);
        assert_eq!(ticks(10_000), vec![0, 5_000, 10_000]);
        assert_eq!(ticks(12_345), vec![0, 5_000, 10_000, 15_000]);
        for top in [1, 7, 99, 100, 101, 4_999, 123_456_789, i64::MAX] {
            let t = ticks(top);
            assert!(*t.last().unwrap() >= top && t.len() <= 5, "{top}: {t:?}");
        }
    }

    #[test]
    fn money_in_and_out_have_an_axis_a_hatched_series_and_a_legend() {
        let months = [
            MonthFlow {
                month: "nov. 2026".into(),
                incoming: 1_850,
                outgoing: 500,
            },
            MonthFlow {
                month: "<déc>".into(),
                incoming: 0,
                outgoing: 0,
            },
        ];
        let svg = in_and_out("Treasury", ("In", "Out"), &months, |m| format!("{m}c"));
        for label in ["0c", "500c", "1000c", "1500c", "2000c"] {
            assert!(svg.contains(&format!(">{label}</text>")), "{label}: {svg}");
        }
        assert!(svg.contains("&lt;déc&gt;") && !svg.contains("<déc>"));
        assert!(
            svg.contains(">nov.<tspan") && svg.contains(">2026</tspan>"),
            "{svg}"
        );
        assert!(svg.contains("fill=\"url(#hatch-out)\"><title>nov. 2026 · Out 500c"));
        assert!(svg.contains(">In</text>") && svg.contains(">Out</text>"));
        // The top gridline is the chart's top: 1850 of 2000 is 129.5 px of 140.
        assert!(svg.contains("height=\"129.5\""), "{svg}");
    }

    #[test]
    fn shades_and_grade_colours_cover_their_range() {
        assert_eq!(heat(0, 10), 0);
        assert_eq!(heat(10, 10), 9);
        assert_eq!(heat(1, 10), 1);
        assert_eq!(heat(5, 0), 0);
        assert_eq!(grade_colour(0, 6), GRADES[0]);
        assert_eq!(grade_colour(5, 6), GRADES[9]);
    }
}
