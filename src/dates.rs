//! Dates as party documents write them (Hướng dẫn 36-HD/VPTW).

use chrono::{Datelike, NaiveDate};

/// "Hà Nội, ngày 08 tháng 5 năm 2017": days below 10 and the months January
/// and February take a leading zero, so the date cannot be altered by hand.
pub fn date_line(place: &str, date: NaiveDate) -> String {
    format!("{place}, {}", date_words(date))
}

/// "ngày 08 tháng 5 năm 2017", with the same leading zeros.
pub fn date_words(date: NaiveDate) -> String {
    let month = match date.month() {
        m @ 1..=2 => format!("{m:02}"),
        m => m.to_string(),
    };
    format!("ngày {:02} tháng {} năm {}", date.day(), month, date.year())
}

/// "Ngày 05 tháng 3 năm 2026": the date as a line of its own (the branch's block).
pub fn date_line_alone(date: NaiveDate) -> String {
    format!("N{}", &date_words(date)[1..])
}

/// The form dd/mm/yyyy, for showing a stored date back to a person.
pub fn format_date(date: NaiveDate) -> String {
    date.format("%d/%m/%Y").to_string()
}

/// Today on this computer, or the day `CAMKET_TODAY` names (YYYY-MM-DD):
/// the yearly cycle (deadlines, the November turn, the review's season)
/// can then be shown and tested on a chosen day.
pub fn today() -> NaiveDate {
    std::env::var("CAMKET_TODAY").ok().and_then(|d| d.parse().ok()).unwrap_or_else(|| chrono::Local::now().date_naive())
}

/// The day a year's review (a year-end document) is first offered: the
/// year's own November (forms.md, the yearly cycle).
pub fn review_opens(year: i32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(year, 11, 1)
}

/// The year whose review is written on `today`: from its November to the
/// end of the next February; None the rest of the year.
pub fn review_season(today: NaiveDate) -> Option<i32> {
    match today.month() {
        11 | 12 => Some(today.year()),
        1 | 2 => Some(today.year() - 1),
        _ => None,
    }
}

/// The years a document can be for: a year far outside them is a typing
/// mistake, never a real cycle.
pub const YEARS: std::ops::RangeInclusive<i32> = 2000..=2100;

pub fn check_year(year: i32) -> crate::error::Result<()> {
    if YEARS.contains(&year) {
        Ok(())
    } else {
        Err(crate::error::Error::invalid(
            "year",
            format!("Năm {year} không hợp lệ; hãy chọn một năm từ {} đến {}.", YEARS.start(), YEARS.end()),
        ))
    }
}

/// A date as people type it in a form or a spreadsheet: day, month and a
/// year in full, separated by "/", "." or "-" (16/04/1987, 16.04.1987,
/// 16-4-1987), or the ISO order 1987-04-16. "31/12/27" is not the year 27:
/// a short year is refused. None when it is not a day of the calendar.
pub fn parse_typed(text: &str) -> Option<NaiveDate> {
    let text = text.trim();
    let sep = ['/', '.', '-'].into_iter().find(|c| text.contains(*c))?;
    let parts: Vec<&str> = text.split(sep).map(str::trim).collect();
    let digits =
        |p: &str, n: std::ops::RangeInclusive<usize>| n.contains(&p.len()) && p.bytes().all(|b| b.is_ascii_digit());
    let (y, m, d) = match parts.as_slice() {
        [y, m, d] if sep == '-' && digits(y, 4..=4) && digits(m, 1..=2) && digits(d, 1..=2) => (*y, *m, *d),
        [d, m, y] if digits(d, 1..=2) && digits(m, 1..=2) && digits(y, 4..=4) => (*y, *m, *d),
        _ => return None,
    };
    NaiveDate::from_ymd_opt(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?)
}

/// A date a person typed (the rule of `parse_typed`), between 1900 and
/// 2100, or why not in words: for the command line and the spreadsheet alike.
pub fn typed(text: &str) -> crate::error::Result<NaiveDate> {
    parse_typed(text).filter(|d| (1900..=2100).contains(&d.year())).ok_or_else(|| {
        crate::error::Error::invalid(
            "date",
            format!("“{}” không phải ngày hợp lệ (ngày/tháng/năm, năm đủ 4 chữ số, ví dụ 31/03/2027).", text.trim()),
        )
    })
}

/// The day in Vietnam (UTC+7, no summer time) of a stored instant (RFC 3339,
/// as the store writes them in UTC), whatever the computer's zone: a file
/// received at 06:30 in Hà Nội is dated that day on a list the secretary
/// signs, not the day before. A plain date is taken as it is.
pub fn vietnam_day(instant: &str) -> Option<NaiveDate> {
    match chrono::DateTime::parse_from_rfc3339(instant) {
        Ok(t) => Some((t.naive_utc() + chrono::TimeDelta::hours(7)).date()),
        Err(_) => instant.parse().ok(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn leading_zeros_follow_the_rule() {
        assert_eq!(date_line("Hà Nội", d(2017, 5, 8)), "Hà Nội, ngày 08 tháng 5 năm 2017");
        assert_eq!(date_line("Hà Nội", d(2026, 2, 22)), "Hà Nội, ngày 22 tháng 02 năm 2026");
        assert_eq!(date_line("Huế", d(2026, 1, 31)), "Huế, ngày 31 tháng 01 năm 2026");
        assert_eq!(date_line("Huế", d(2026, 12, 1)), "Huế, ngày 01 tháng 12 năm 2026");
    }

    /// The one list of typed dates the UI's `toIso` is tested against too.
    #[test]
    fn dates_are_read_as_people_type_them() {
        let list: serde_json::Value = serde_json::from_str(include_str!("../tests/fixtures/typed-dates.json")).unwrap();
        let cases = list["cases"].as_array().unwrap();
        assert!(cases.len() > 20);
        for case in cases {
            let (typed, read) = (case[0].as_str().unwrap(), case[1].as_str());
            assert_eq!(parse_typed(typed).map(|d| d.to_string()).as_deref(), read, "{typed:?}");
        }
        assert!(typed("31/12/2199").unwrap_err().to_string().contains("năm đủ 4 chữ số"));
        assert_eq!(typed(" 16.04.1987 ").unwrap(), d(1987, 4, 16));
    }

    #[test]
    fn an_instant_is_dated_by_the_day_in_vietnam() {
        assert_eq!(vietnam_day("2026-03-09T23:30:00.000Z"), Some(d(2026, 3, 10)), "06:30 in Hà Nội");
        assert_eq!(vietnam_day("2026-03-10T16:59:59Z"), Some(d(2026, 3, 10)));
        assert_eq!(vietnam_day("2026-03-10T17:00:00Z"), Some(d(2026, 3, 11)));
        assert_eq!(vietnam_day("2026-03-10T08:00:00+07:00"), Some(d(2026, 3, 10)));
        assert_eq!(vietnam_day("2026-03-10"), Some(d(2026, 3, 10)));
        assert_eq!(vietnam_day("hôm qua"), None);
    }

    #[test]
    fn shows_stored_dates_back() {
        assert_eq!(format_date(d(1980, 5, 8)), "08/05/1980");
    }
}

/// Where `text` names the year `year` ("năm 2026", "30/11/2026"): the words
/// around each mention, to show the member. A number with more digits
/// around it ("12026") is not the year.
pub fn year_mentioned(text: &str, year: i32) -> Vec<String> {
    let digits: Vec<char> = year.to_string().chars().collect();
    let chars: Vec<char> = text.chars().collect();
    let found = (0..(chars.len() + 1).saturating_sub(digits.len())).filter(|&i| {
        chars[i..].starts_with(&digits)
            && !(i > 0 && chars[i - 1].is_ascii_digit())
            && !chars.get(i + digits.len()).is_some_and(char::is_ascii_digit)
    });
    found.map(|at| quote_around(&chars, at)).collect()
}

/// About six words before `at` and three after, within its line.
fn quote_around(chars: &[char], at: usize) -> String {
    let line_start = chars[..at].iter().rposition(|c| *c == '\n').map_or(0, |p| p + 1);
    let line_end = chars[at..].iter().position(|c| *c == '\n').map_or(chars.len(), |p| at + p);
    let spaces_before: Vec<usize> = (line_start..at).filter(|&i| chars[i] == ' ').collect();
    let start = spaces_before.iter().rev().nth(5).map_or(line_start, |p| p + 1);
    let end = (at..line_end).filter(|&i| chars[i] == ' ').nth(3).unwrap_or(line_end);
    let quote: String = chars[start..end].iter().collect();
    let (open, close) = (if start > line_start { "…" } else { "" }, if end < line_end { "…" } else { "" });
    format!("{open}{}{close}", quote.trim())
}

#[cfg(test)]
mod year_tests {
    use super::year_mentioned;

    #[test]
    fn a_year_is_found_as_a_whole_number_with_the_words_around_it() {
        let text = "Học tập chuyên đề năm 2026 do chi bộ tổ chức\nHoàn thành bài thu hoạch trước ngày 30/11/2026.";
        assert_eq!(
            year_mentioned(text, 2026),
            ["Học tập chuyên đề năm 2026 do chi bộ…", "…bài thu hoạch trước ngày 30/11/2026."]
        );
        assert_eq!(year_mentioned("trước ngày 30/11/2026.", 2026), ["trước ngày 30/11/2026."]);
        assert!(year_mentioned("mã 120265 và 12026", 2026).is_empty());
        assert!(year_mentioned("Luật Lưu trữ năm 2024", 2026).is_empty());
        assert!(year_mentioned("", 2026).is_empty());
        assert_eq!(year_mentioned("2026", 2026), ["2026"]);
    }
}
