//! iCalendar (RFC 5545) for a project's agenda feed: escaped text, lines
//! folded at 75 octets, CRLF endings, and a VTIMEZONE for each zone the
//! events use, built from the time-zone database's own transitions so a
//! calendar app places every occurrence where the agenda does.

use jiff::Timestamp;
use jiff::tz::TimeZone;

/// Escapes a TEXT value (RFC 5545, 3.3.11).
fn text(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for c in value.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// A calendar being written, one content line at a time.
pub struct Calendar {
    out: String,
}

impl Calendar {
    pub fn new(name: &str) -> Calendar {
        let mut cal = Calendar { out: String::new() };
        cal.line("BEGIN:VCALENDAR");
        cal.line("VERSION:2.0");
        cal.line("PRODID:-//Freeco//Projects//EN");
        cal.line("CALSCALE:GREGORIAN");
        cal.line("METHOD:PUBLISH");
        cal.line(&format!("X-WR-CALNAME:{}", text(name)));
        cal
    }

    /// Writes a content line, folded so no line is longer than 75 octets
    /// (a fold never splits a character).
    fn line(&mut self, line: &str) {
        let mut width = 0;
        for c in line.chars() {
            let len = c.len_utf8();
            if width + len > 75 {
                self.out.push_str("\r\n ");
                width = 1;
            }
            self.out.push(c);
            width += len;
        }
        self.out.push_str("\r\n");
    }

    fn property(&mut self, name: &str, value: &str) {
        self.line(&format!("{name}:{value}"));
    }

    /// A VTIMEZONE for `tz` covering `[from, to]`: one observance per
    /// offset change in that span (or a single one for a fixed offset).
    pub fn time_zone(&mut self, tz_name: &str, from: Timestamp, to: Timestamp) {
        let Ok(tz) = TimeZone::get(tz_name) else {
            return;
        };
        self.line("BEGIN:VTIMEZONE");
        self.property("TZID", tz_name);
        let offset_text = |seconds: i32| {
            let sign = if seconds < 0 { '-' } else { '+' };
            let s = seconds.unsigned_abs();
            format!("{sign}{:02}{:02}", s / 3600, (s % 3600) / 60)
        };
        let mut before = tz.to_offset(from).seconds();
        let mut any = false;
        // The observance in force at `from`, then each change up to `to`.
        let start = tz.preceding(from).next();
        let changes = start
            .into_iter()
            .chain(tz.following(from).take_while(|t| t.timestamp() <= to))
            .collect::<Vec<_>>();
        for (i, change) in changes.iter().enumerate() {
            let to_offset = change.offset().seconds();
            let from_offset = if i == 0 {
                tz.preceding(change.timestamp())
                    .next()
                    .map_or(to_offset, |p| p.offset().seconds())
            } else {
                before
            };
            let kind = if change.dst().is_dst() {
                "DAYLIGHT"
            } else {
                "STANDARD"
            };
            // DTSTART is the local time, before the change, when it happens.
            let local = change
                .timestamp()
                .to_zoned(TimeZone::fixed(
                    jiff::tz::Offset::from_seconds(from_offset).unwrap_or(jiff::tz::Offset::UTC),
                ))
                .strftime("%Y%m%dT%H%M%S")
                .to_string();
            self.line(&format!("BEGIN:{kind}"));
            self.property("DTSTART", &local);
            self.property("TZOFFSETFROM", &offset_text(from_offset));
            self.property("TZOFFSETTO", &offset_text(to_offset));
            self.property("TZNAME", &text(change.abbreviation()));
            self.line(&format!("END:{kind}"));
            before = to_offset;
            any = true;
        }
        if !any {
            let now = offset_text(before);
            self.line("BEGIN:STANDARD");
            self.property("DTSTART", "19700101T000000");
            self.property("TZOFFSETFROM", &now);
            self.property("TZOFFSETTO", &now);
            self.line("END:STANDARD");
        }
        self.line("END:VTIMEZONE");
    }

    pub fn event(&mut self, e: &Event<'_>) {
        let utc = |ts: i64| {
            Timestamp::from_millisecond(ts)
                .unwrap_or(Timestamp::UNIX_EPOCH)
                .strftime("%Y%m%dT%H%M%SZ")
                .to_string()
        };
        let local = |ts: i64| {
            let zone = TimeZone::get(e.time_zone).unwrap_or(TimeZone::UTC);
            Timestamp::from_millisecond(ts)
                .unwrap_or(Timestamp::UNIX_EPOCH)
                .to_zoned(zone)
                .strftime("%Y%m%dT%H%M%S")
                .to_string()
        };
        self.line("BEGIN:VEVENT");
        self.property("UID", &text(e.uid));
        self.property("DTSTAMP", &utc(e.updated_at));
        self.property("CREATED", &utc(e.created_at));
        self.property("LAST-MODIFIED", &utc(e.updated_at));
        self.line(&format!(
            "DTSTART;TZID={}:{}",
            e.time_zone,
            local(e.starts_at)
        ));
        self.line(&format!("DTEND;TZID={}:{}", e.time_zone, local(e.ends_at)));
        if let Some(rule) = e.rrule {
            self.property("RRULE", rule);
        }
        self.property("SUMMARY", &text(e.title));
        if !e.description.is_empty() {
            self.property("DESCRIPTION", &text(e.description));
        }
        if !e.place.is_empty() {
            self.property("LOCATION", &text(e.place));
        }
        self.property("URL", e.url);
        self.property("SEQUENCE", &e.sequence.to_string());
        self.property(
            "STATUS",
            if e.cancelled {
                "CANCELLED"
            } else {
                "CONFIRMED"
            },
        );
        self.line("END:VEVENT");
    }

    pub fn finish(mut self) -> String {
        self.line("END:VCALENDAR");
        self.out
    }
}

/// What an event of the feed says.
pub struct Event<'a> {
    pub uid: &'a str,
    pub title: &'a str,
    pub description: &'a str,
    pub place: &'a str,
    pub url: &'a str,
    pub starts_at: i64,
    pub ends_at: i64,
    pub time_zone: &'a str,
    pub rrule: Option<&'a str>,
    pub created_at: i64,
    pub updated_at: i64,
    pub sequence: i64,
    pub cancelled: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_lines_fold_at_75_octets_without_splitting_characters() {
        let mut cal = Calendar::new("Jardin");
        let long = "é".repeat(100);
        cal.property("SUMMARY", &text(&long));
        let out = cal.finish();
        for line in out.split("\r\n") {
            assert!(line.len() <= 75, "{line}");
        }
        let unfolded = out.replace("\r\n ", "");
        assert!(unfolded.contains(&format!("SUMMARY:{long}")));
    }

    #[test]
    fn text_is_escaped() {
        assert_eq!(text("a;b,c\\d\ne"), "a\\;b\\,c\\\\d\\ne");
    }

    #[test]
    fn paris_has_its_summer_and_winter_time() {
        let mut cal = Calendar::new("x");
        let from: Timestamp = "2026-01-01T00:00:00Z".parse().unwrap();
        let to: Timestamp = "2026-12-31T00:00:00Z".parse().unwrap();
        cal.time_zone("Europe/Paris", from, to);
        let out = cal.finish();
        assert!(out.contains("BEGIN:DAYLIGHT\r\nDTSTART:20260329T020000\r\nTZOFFSETFROM:+0100\r\nTZOFFSETTO:+0200"), "{out}");
        assert!(out.contains("BEGIN:STANDARD\r\nDTSTART:20261025T030000\r\nTZOFFSETFROM:+0200\r\nTZOFFSETTO:+0100"), "{out}");
    }
}
