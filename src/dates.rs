//! Dates as party documents write them (Hướng dẫn 36-HD/VPTW).

use crate::error::{Error, Result};
use chrono::{Datelike, NaiveDate};

/// "Hà Nội, ngày 08 tháng 5 năm 2017": days below 10 and the months January
/// and February take a leading zero, so the date cannot be altered by hand.
pub fn date_line(place: &str, date: NaiveDate) -> String {
    let month = match date.month() {
        m @ 1..=2 => format!("{m:02}"),
        m => m.to_string(),
    };
    format!("{}, ngày {:02} tháng {} năm {}", place, date.day(), month, date.year())
}

/// Reads a date typed as dd/mm/yyyy (also with '-' or '.'), the way
/// Vietnamese forms write it.
pub fn parse_date(field: &str, input: &str) -> Result<NaiveDate> {
    let parts: Vec<&str> = input.trim().split(['/', '-', '.']).collect();
    let bad = || {
        Error::invalid(
            field,
            format!(
                "{field}: “{}” không phải ngày hợp lệ; hãy nhập theo dạng ngày/tháng/năm, ví dụ 08/05/1980.",
                input.trim()
            ),
        )
    };
    if parts.len() != 3 || parts[2].len() != 4 {
        return Err(bad());
    }
    let num = |s: &str| s.parse::<u32>().map_err(|_| bad());
    let year = num(parts[2])? as i32;
    NaiveDate::from_ymd_opt(year, num(parts[1])?, num(parts[0])?).ok_or_else(bad)
}

/// The form dd/mm/yyyy, for showing a stored date back to a person.
pub fn format_date(date: NaiveDate) -> String {
    date.format("%d/%m/%Y").to_string()
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

    #[test]
    fn parses_vietnamese_order() {
        assert_eq!(parse_date("Ngày sinh", "8/5/1980").unwrap(), d(1980, 5, 8));
        assert_eq!(parse_date("Ngày sinh", "08-05-1980").unwrap(), d(1980, 5, 8));
        assert_eq!(format_date(d(1980, 5, 8)), "08/05/1980");
        let e = parse_date("Ngày sinh", "31/02/1980").unwrap_err();
        assert!(e.to_string().starts_with("Ngày sinh: “31/02/1980” không phải ngày hợp lệ"), "{e}");
        assert!(parse_date("Ngày sinh", "1980-05-08").is_err());
    }
}
