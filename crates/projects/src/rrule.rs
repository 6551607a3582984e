//! Recurrence rules (RFC 5545, 3.3.10), the part calendars use for meetings:
//! FREQ DAILY, WEEKLY, MONTHLY or YEARLY, with INTERVAL, COUNT or UNTIL,
//! BYDAY (ordinals like 1MO or -1FR in monthly and yearly-with-BYMONTH
//! rules), BYMONTHDAY, BYMONTH and WKST. Anything else is refused by name,
//! never silently ignored, so what the agenda shows is what a calendar app
//! subscribed to the feed shows.
//!
//! Occurrences keep the local time of the first one in the event's time
//! zone (a meeting stays at 18:00 across daylight-saving changes); a local
//! time that does not exist or exists twice is read as RFC 5545 3.3.5
//! says, which is jiff's "compatible" rule. The first occurrence is always
//! DTSTART itself, counted by COUNT.

use std::fmt;

use jiff::Zoned;
use jiff::civil::{Date, DateTime, Weekday};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Freq {
    Daily,
    Weekly,
    Monthly,
    Yearly,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Until {
    /// `…Z`: an instant.
    Utc(jiff::Timestamp),
    /// A date-time without zone: local to the event.
    Local(DateTime),
    /// A date: that whole day, local to the event.
    Date(Date),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rule {
    pub freq: Freq,
    pub interval: u32,
    pub count: Option<u32>,
    pub until: Option<Until>,
    /// (ordinal, weekday): `None` is every such weekday of the period.
    pub by_day: Vec<(Option<i8>, Weekday)>,
    pub by_month_day: Vec<i8>,
    pub by_month: Vec<i8>,
    pub week_start: Weekday,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RuleError {
    #[error("not a recurrence rule: {0}")]
    Malformed(String),
    #[error("{0} is not supported")]
    Unsupported(String),
    #[error("FREQ is missing")]
    NoFreq,
    #[error("COUNT and UNTIL cannot go together")]
    CountAndUntil,
}

const DAYS: [(&str, Weekday); 7] = [
    ("MO", Weekday::Monday),
    ("TU", Weekday::Tuesday),
    ("WE", Weekday::Wednesday),
    ("TH", Weekday::Thursday),
    ("FR", Weekday::Friday),
    ("SA", Weekday::Saturday),
    ("SU", Weekday::Sunday),
];

fn weekday(code: &str) -> Option<Weekday> {
    DAYS.iter().find(|(c, _)| *c == code).map(|(_, d)| *d)
}

fn code(day: Weekday) -> &'static str {
    DAYS.iter()
        .find(|(_, d)| *d == day)
        .map_or("MO", |(c, _)| c)
}

fn numbers(
    value: &str,
    key: &str,
    range: std::ops::RangeInclusive<i32>,
) -> Result<Vec<i8>, RuleError> {
    value
        .split(',')
        .map(|n| {
            n.trim()
                .parse::<i32>()
                .ok()
                .filter(|n| range.contains(n) && *n != 0)
                .map(|n| n as i8)
                .ok_or_else(|| RuleError::Malformed(format!("{key}={value}")))
        })
        .collect()
}

fn until(value: &str) -> Result<Until, RuleError> {
    let bad = || RuleError::Malformed(format!("UNTIL={value}"));
    if let Some(utc) = value.strip_suffix('Z') {
        let local = DateTime::strptime("%Y%m%dT%H%M%S", utc).map_err(|_| bad())?;
        return local
            .to_zoned(jiff::tz::TimeZone::UTC)
            .map(|z| Until::Utc(z.timestamp()))
            .map_err(|_| bad());
    }
    if value.contains('T') {
        return DateTime::strptime("%Y%m%dT%H%M%S", value)
            .map(Until::Local)
            .map_err(|_| bad());
    }
    Date::strptime("%Y%m%d", value)
        .map(Until::Date)
        .map_err(|_| bad())
}

impl Rule {
    /// Reads a rule (`FREQ=WEEKLY;BYDAY=TU,TH;COUNT=10`, with or without
    /// its `RRULE:` prefix).
    pub fn parse(text: &str) -> Result<Rule, RuleError> {
        let text = text.trim();
        let text = text.strip_prefix("RRULE:").unwrap_or(text);
        let mut rule = Rule {
            freq: Freq::Daily,
            interval: 1,
            count: None,
            until: None,
            by_day: Vec::new(),
            by_month_day: Vec::new(),
            by_month: Vec::new(),
            week_start: Weekday::Monday,
        };
        let mut freq = None;
        let mut seen: Vec<String> = Vec::new();
        for part in text.split(';').filter(|p| !p.is_empty()) {
            let (key, value) = part
                .split_once('=')
                .ok_or_else(|| RuleError::Malformed(part.to_owned()))?;
            let key = key.trim().to_ascii_uppercase();
            let value = value.trim().to_ascii_uppercase();
            if seen.contains(&key) {
                return Err(RuleError::Malformed(format!("{key} twice")));
            }
            seen.push(key.clone());
            match key.as_str() {
                "FREQ" => {
                    freq = Some(match value.as_str() {
                        "DAILY" => Freq::Daily,
                        "WEEKLY" => Freq::Weekly,
                        "MONTHLY" => Freq::Monthly,
                        "YEARLY" => Freq::Yearly,
                        "SECONDLY" | "MINUTELY" | "HOURLY" => {
                            return Err(RuleError::Unsupported(format!("FREQ={value}")));
                        }
                        _ => return Err(RuleError::Malformed(format!("FREQ={value}"))),
                    })
                }
                "INTERVAL" => {
                    rule.interval = value
                        .parse()
                        .ok()
                        .filter(|i| (1..=1000).contains(i))
                        .ok_or_else(|| RuleError::Malformed(format!("INTERVAL={value}")))?
                }
                "COUNT" => {
                    rule.count = Some(
                        value
                            .parse()
                            .ok()
                            .filter(|c| (1..=10_000).contains(c))
                            .ok_or_else(|| RuleError::Malformed(format!("COUNT={value}")))?,
                    )
                }
                "UNTIL" => rule.until = Some(until(&value)?),
                "BYDAY" => {
                    for day in value.split(',') {
                        let day = day.trim();
                        let split = day.len().saturating_sub(2);
                        let (ordinal, name) = day.split_at(split);
                        let wd = weekday(name)
                            .ok_or_else(|| RuleError::Malformed(format!("BYDAY={value}")))?;
                        let ordinal = match ordinal {
                            "" => None,
                            n => Some(
                                n.parse::<i8>()
                                    .ok()
                                    .filter(|n| *n != 0 && (-53..=53).contains(n))
                                    .ok_or_else(|| {
                                        RuleError::Malformed(format!("BYDAY={value}"))
                                    })?,
                            ),
                        };
                        rule.by_day.push((ordinal, wd));
                    }
                }
                "BYMONTHDAY" => rule.by_month_day = numbers(&value, "BYMONTHDAY", -31..=31)?,
                "BYMONTH" => rule.by_month = numbers(&value, "BYMONTH", 1..=12)?,
                "WKST" => {
                    rule.week_start = weekday(&value)
                        .ok_or_else(|| RuleError::Malformed(format!("WKST={value}")))?
                }
                other => return Err(RuleError::Unsupported(other.to_owned())),
            }
        }
        rule.freq = freq.ok_or(RuleError::NoFreq)?;
        if rule.count.is_some() && rule.until.is_some() {
            return Err(RuleError::CountAndUntil);
        }
        let ordinals = rule.by_day.iter().any(|(o, _)| o.is_some());
        if ordinals {
            let allowed = match rule.freq {
                Freq::Monthly => rule.by_month_day.is_empty(),
                Freq::Yearly => !rule.by_month.is_empty() && rule.by_month_day.is_empty(),
                _ => false,
            };
            if !allowed {
                return Err(RuleError::Unsupported(
                    "BYDAY with an ordinal here".to_owned(),
                ));
            }
        }
        if rule.freq == Freq::Weekly && !rule.by_month_day.is_empty() {
            return Err(RuleError::Malformed(
                "BYMONTHDAY in a weekly rule".to_owned(),
            ));
        }
        Ok(rule)
    }

    /// The days of one period (the day, week, month or year starting at
    /// `start`) that the rule picks, in order. `first` is DTSTART's date.
    fn days_of(&self, start: Date, first: Date) -> Vec<Date> {
        let weekdays =
            |d: &Date| self.by_day.is_empty() || self.by_day.iter().any(|(_, w)| *w == d.weekday());
        let month_ok = |d: &Date| self.by_month.is_empty() || self.by_month.contains(&d.month());
        let month_day_ok = |d: &Date| {
            self.by_month_day.is_empty()
                || self.by_month_day.iter().any(|n| {
                    let days = d.days_in_month();
                    let wanted = if *n > 0 { *n } else { days + *n + 1 };
                    wanted == d.day()
                })
        };
        let mut days: Vec<Date> = match self.freq {
            Freq::Daily => vec![start]
                .into_iter()
                .filter(|d| weekdays(d) && month_ok(d) && month_day_ok(d))
                .collect(),
            Freq::Weekly => (0..7)
                .filter_map(|i| start.checked_add(jiff::Span::new().days(i)).ok())
                .filter(|d| {
                    month_ok(d)
                        && if self.by_day.is_empty() {
                            d.weekday() == first.weekday()
                        } else {
                            weekdays(d)
                        }
                })
                .collect(),
            Freq::Monthly => self.days_in_month(start, first),
            Freq::Yearly => {
                let months: Vec<i8> = if !self.by_month.is_empty() {
                    self.by_month.clone()
                } else if !self.by_day.is_empty() || !self.by_month_day.is_empty() {
                    (1..=12).collect()
                } else {
                    vec![first.month()]
                };
                months
                    .iter()
                    .filter_map(|m| Date::new(start.year(), *m, 1).ok())
                    .flat_map(|month| self.days_in_month(month, first))
                    .collect()
            }
        };
        days.sort_unstable();
        days.dedup();
        days
    }

    /// The days the rule picks in the month starting at `month`.
    fn days_in_month(&self, month: Date, first: Date) -> Vec<Date> {
        if !self.by_month.is_empty() && !self.by_month.contains(&month.month()) {
            return Vec::new();
        }
        let all = || {
            (1..=month.days_in_month())
                .filter_map(|d| Date::new(month.year(), month.month(), d).ok())
        };
        if !self.by_month_day.is_empty() {
            let days = month.days_in_month();
            return self
                .by_month_day
                .iter()
                .map(|n| if *n > 0 { *n } else { days + *n + 1 })
                .filter(|d| (1..=days).contains(d))
                .filter_map(|d| Date::new(month.year(), month.month(), d).ok())
                .filter(|d| {
                    self.by_day.is_empty() || self.by_day.iter().any(|(_, w)| *w == d.weekday())
                })
                .collect();
        }
        if !self.by_day.is_empty() {
            let mut days = Vec::new();
            for (ordinal, wd) in &self.by_day {
                match ordinal {
                    None => days.extend(all().filter(|d| d.weekday() == *wd)),
                    Some(n) => {
                        if let Ok(d) = month.nth_weekday_of_month(*n, *wd) {
                            days.push(d)
                        }
                    }
                }
            }
            return days;
        }
        // The day of the month of DTSTART (a month without it is skipped).
        Date::new(month.year(), month.month(), first.day())
            .into_iter()
            .collect()
    }

    /// The period containing `date`, and the one `n` periods later.
    fn period_start(&self, date: Date) -> Date {
        match self.freq {
            Freq::Daily => date,
            Freq::Weekly => {
                let back = (date.weekday().to_monday_zero_offset()
                    - self.week_start.to_monday_zero_offset())
                .rem_euclid(7);
                date.checked_sub(jiff::Span::new().days(i64::from(back)))
                    .unwrap_or(date)
            }
            Freq::Monthly => date.first_of_month(),
            Freq::Yearly => date.first_of_year(),
        }
    }

    fn advance(&self, start: Date, periods: i64) -> Option<Date> {
        let n = periods * i64::from(self.interval);
        let span = match self.freq {
            Freq::Daily => jiff::Span::new().try_days(n).ok()?,
            Freq::Weekly => jiff::Span::new().try_weeks(n).ok()?,
            Freq::Monthly => jiff::Span::new().try_months(n).ok()?,
            Freq::Yearly => jiff::Span::new().try_years(n).ok()?,
        };
        start.checked_add(span).ok()
    }

    fn before_until(&self, at: &Zoned) -> bool {
        match self.until {
            None => true,
            Some(Until::Utc(ts)) => at.timestamp() <= ts,
            Some(Until::Local(dt)) => at.datetime() <= dt,
            Some(Until::Date(d)) => at.date() <= d,
        }
    }

    /// The starts of the occurrences from `first` (DTSTART, itself the first
    /// one) that fall in `[from, to)`, at most `limit` of them.
    pub fn occurrences(
        &self,
        first: &Zoned,
        from: jiff::Timestamp,
        to: jiff::Timestamp,
        limit: usize,
    ) -> Vec<Zoned> {
        // Periods that pick no day at all (30 February) end the search.
        const MAX_PERIODS: i64 = 100_000;
        let zone = first.time_zone().clone();
        let time = first.time();
        let mut found = Vec::new();
        let mut counted: u32 = 0;
        let mut keep = |at: Zoned, found: &mut Vec<Zoned>| -> bool {
            counted += 1;
            if at.timestamp() >= from && at.timestamp() < to {
                found.push(at);
            }
            found.len() < limit && self.count.is_none_or(|c| counted < c)
        };
        if !keep(first.clone(), &mut found) {
            return found;
        }
        let start = self.period_start(first.date());
        let mut empty_run = 0;
        for n in 0..MAX_PERIODS {
            let Some(period) = self.advance(start, n) else {
                break;
            };
            let days = self.days_of(period, first.date());
            if days.is_empty() {
                empty_run += 1;
                if empty_run > 5000 {
                    break;
                }
                continue;
            }
            empty_run = 0;
            for day in days {
                let Ok(at) = day.to_datetime(time).to_zoned(zone.clone()) else {
                    continue;
                };
                if at.timestamp() <= first.timestamp() {
                    continue;
                }
                if !self.before_until(&at) || at.timestamp() >= to {
                    return found;
                }
                if !keep(at, &mut found) {
                    return found;
                }
            }
        }
        found
    }
}

impl fmt::Display for Rule {
    /// The rule as RFC 5545 writes it, keys in a fixed order.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let freq = match self.freq {
            Freq::Daily => "DAILY",
            Freq::Weekly => "WEEKLY",
            Freq::Monthly => "MONTHLY",
            Freq::Yearly => "YEARLY",
        };
        write!(f, "FREQ={freq}")?;
        if self.interval != 1 {
            write!(f, ";INTERVAL={}", self.interval)?;
        }
        if let Some(c) = self.count {
            write!(f, ";COUNT={c}")?;
        }
        match self.until {
            Some(Until::Utc(ts)) => write!(f, ";UNTIL={}", ts.strftime("%Y%m%dT%H%M%SZ"))?,
            Some(Until::Local(dt)) => write!(f, ";UNTIL={}", dt.strftime("%Y%m%dT%H%M%S"))?,
            Some(Until::Date(d)) => write!(f, ";UNTIL={}", d.strftime("%Y%m%d"))?,
            None => {}
        }
        if !self.by_month.is_empty() {
            let list: Vec<String> = self.by_month.iter().map(i8::to_string).collect();
            write!(f, ";BYMONTH={}", list.join(","))?;
        }
        if !self.by_month_day.is_empty() {
            let list: Vec<String> = self.by_month_day.iter().map(i8::to_string).collect();
            write!(f, ";BYMONTHDAY={}", list.join(","))?;
        }
        if !self.by_day.is_empty() {
            let list: Vec<String> = self
                .by_day
                .iter()
                .map(|(o, d)| {
                    format!(
                        "{}{}",
                        o.map(|o| o.to_string()).unwrap_or_default(),
                        code(*d)
                    )
                })
                .collect();
            write!(f, ";BYDAY={}", list.join(","))?;
        }
        if self.week_start != Weekday::Monday {
            write!(f, ";WKST={}", code(self.week_start))?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn paris(text: &str) -> Zoned {
        format!("{text}[Europe/Paris]").parse().unwrap()
    }

    fn starts(rule: &str, first: &str, n: usize) -> Vec<String> {
        let first = paris(first);
        Rule::parse(rule)
            .unwrap()
            .occurrences(&first, first.timestamp(), jiff::Timestamp::MAX, n)
            .iter()
            .map(|z| z.strftime("%Y-%m-%d %H:%M %:z").to_string())
            .collect()
    }

    #[test]
    fn a_weekly_meeting_keeps_its_local_time_across_daylight_saving() {
        // Tuesdays at 18:00 from 2026-10-20, over the change on 25 October.
        assert_eq!(
            starts("FREQ=WEEKLY;COUNT=3", "2026-10-20T18:00", 10),
            [
                "2026-10-20 18:00 +02:00",
                "2026-10-27 18:00 +01:00",
                "2026-11-03 18:00 +01:00"
            ]
        );
    }

    #[test]
    fn monthly_rules_by_position_and_by_day() {
        // The last Friday of each month.
        assert_eq!(
            starts("FREQ=MONTHLY;BYDAY=-1FR;COUNT=3", "2026-01-30T19:00", 10),
            [
                "2026-01-30 19:00 +01:00",
                "2026-02-27 19:00 +01:00",
                "2026-03-27 19:00 +01:00"
            ]
        );
        // The 31st: months without one are skipped.
        assert_eq!(
            starts("FREQ=MONTHLY;COUNT=3", "2026-01-31T09:00", 10),
            [
                "2026-01-31 09:00 +01:00",
                "2026-03-31 09:00 +02:00",
                "2026-05-31 09:00 +02:00"
            ]
        );
        // Every other week, on Monday and Thursday, until a date.
        assert_eq!(
            starts(
                "FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,TH;UNTIL=20260115",
                "2026-01-05T08:30",
                10
            ),
            ["2026-01-05 08:30 +01:00", "2026-01-08 08:30 +01:00"]
        );
    }

    #[test]
    fn unsupported_and_malformed_rules_are_named() {
        assert_eq!(
            Rule::parse("FREQ=WEEKLY;BYSETPOS=1"),
            Err(RuleError::Unsupported("BYSETPOS".into()))
        );
        assert_eq!(Rule::parse("COUNT=3"), Err(RuleError::NoFreq));
        assert_eq!(
            Rule::parse("FREQ=DAILY;COUNT=3;UNTIL=20270101"),
            Err(RuleError::CountAndUntil)
        );
        assert!(matches!(
            Rule::parse("FREQ=DAILY;BYDAY=XX"),
            Err(RuleError::Malformed(_))
        ));
        assert!(matches!(
            Rule::parse("FREQ=WEEKLY;BYDAY=1MO"),
            Err(RuleError::Unsupported(_))
        ));
    }

    mod properties {
        use super::*;
        use proptest::prelude::*;

        fn rules() -> impl Strategy<Value = Rule> {
            let freq = prop_oneof![
                Just(Freq::Daily),
                Just(Freq::Weekly),
                Just(Freq::Monthly),
                Just(Freq::Yearly)
            ];
            let days = proptest::sample::subsequence(DAYS.map(|(_, d)| d).to_vec(), 0..3);
            let month_days = proptest::collection::vec(1i8..=28, 0..2);
            let months = proptest::collection::vec(1i8..=12, 0..2);
            (freq, 1u32..4, 1u32..15, days, month_days, months).prop_map(
                |(freq, interval, count, days, mut by_month_day, mut by_month)| {
                    // RFC 5545: BYMONTHDAY has no place in a weekly rule.
                    if freq == Freq::Weekly {
                        by_month_day.clear();
                    }
                    by_month_day.sort_unstable();
                    by_month_day.dedup();
                    by_month.sort_unstable();
                    by_month.dedup();
                    Rule {
                        freq,
                        interval,
                        count: Some(count),
                        until: None,
                        by_day: days.into_iter().map(|d| (None, d)).collect(),
                        by_month_day,
                        by_month,
                        week_start: Weekday::Monday,
                    }
                },
            )
        }

        proptest! {
            /// Whatever the rule: DTSTART comes first, then occurrences in
            /// order, at its local time, on days the rule allows, never more
            /// than COUNT, and a window shows exactly the occurrences that
            /// fall in it.
            #[test]
            fn occurrences_keep_to_their_rule(rule in rules(), day in 0i64..730) {
                // 06:30 exists every day in Paris (changes happen at 02:00-03:00).
                let first = paris("2025-01-01T06:30").checked_add(jiff::Span::new().days(day)).unwrap();
                let all = rule.occurrences(&first, first.timestamp(), jiff::Timestamp::MAX, 100);
                prop_assert_eq!(&all[0], &first);
                prop_assert!(all.len() <= rule.count.unwrap() as usize);
                for pair in all.windows(2) {
                    prop_assert!(pair[0].timestamp() < pair[1].timestamp());
                }
                for at in &all[1..] {
                    prop_assert_eq!(at.time(), first.time());
                    if !rule.by_month.is_empty() {
                        prop_assert!(rule.by_month.contains(&at.month()));
                    }
                    if !rule.by_month_day.is_empty() {
                        prop_assert!(rule.by_month_day.contains(&at.day()));
                    }
                    if !rule.by_day.is_empty() {
                        prop_assert!(rule.by_day.iter().any(|(_, d)| *d == at.weekday()));
                    }
                }
                let plain = rule.by_day.is_empty() && rule.by_month_day.is_empty() && rule.by_month.is_empty();
                if plain && matches!(rule.freq, Freq::Daily | Freq::Weekly) {
                    prop_assert_eq!(all.len(), rule.count.unwrap() as usize);
                    let step = if rule.freq == Freq::Daily { 1 } else { 7 } * i64::from(rule.interval);
                    for pair in all.windows(2) {
                        let gap = pair[0].date().until(pair[1].date()).unwrap().get_days();
                        prop_assert_eq!(i64::from(gap), step);
                    }
                }
                if all.len() > 2 {
                    let (from, to) = (all[1].timestamp(), all[all.len() - 1].timestamp());
                    let window = rule.occurrences(&first, from, to, 100);
                    prop_assert_eq!(&window[..], &all[1..all.len() - 1]);
                }
                prop_assert_eq!(Rule::parse(&rule.to_string()).unwrap(), rule);
            }
        }
    }

    #[test]
    fn a_rule_is_written_back_the_same() {
        for text in [
            "FREQ=WEEKLY;INTERVAL=2;COUNT=10;BYDAY=MO,TH",
            "FREQ=MONTHLY;UNTIL=20271231T230000Z;BYDAY=-1FR",
            "FREQ=YEARLY;BYMONTH=6;BYMONTHDAY=21",
        ] {
            let rule = Rule::parse(text).unwrap();
            assert_eq!(Rule::parse(&rule.to_string()).unwrap(), rule);
        }
    }
}
