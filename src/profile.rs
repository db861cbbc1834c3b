//! The member profile shared by every document (forms.md §2) and its rules.
//! A broken rule is reported next to its field; nothing is silently fixed.

use crate::error::{Error, Result};
use crate::text::{clean, LINE_LIMIT};
use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[serde(default)]
pub struct Profile {
    pub full_name: String,
    pub birth_date: Option<NaiveDate>,
    pub joined_on: Option<NaiveDate>,
    /// None while the member is still probationary (đảng viên dự bị).
    pub official_on: Option<NaiveDate>,
    pub probationary: bool,
    pub party_position: String,
    pub government_position: String,
    pub union_position: String,
    pub workplace: String,
    /// "Chi bộ …", printed in capitals in the header.
    pub branch: String,
    /// "Đảng bộ …", the level above the branch.
    pub party_committee: String,
    /// Place name for the date line, e.g. "Hà Nội".
    pub place: String,
    /// The member collects documents for the branch (bí thư, phó bí thư):
    /// the app shows the branch workspace.
    pub collects_for_branch: bool,
    /// Holds a leadership or management post (None: not answered). With
    /// `political_system`, it says which year-end review form applies.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub leadership_post: Option<bool>,
    /// Works in the political system (party, state, Front, unions); a
    /// retired member or one working in a company answers no.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub political_system: Option<bool>,
}

/// One broken rule, tied to the field the person has to correct.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct FieldProblem {
    pub field: String,
    pub message: String,
}

/// The people-facing name of each profile field, used in messages and on paper.
pub fn field_label(field: &str) -> &'static str {
    match field {
        "full_name" => "Họ và tên",
        "birth_date" => "Ngày sinh",
        "joined_on" => "Ngày vào Đảng",
        "official_on" => "Ngày chính thức",
        "party_position" => "Chức vụ Đảng",
        "government_position" => "Chức vụ chính quyền",
        "union_position" => "Chức vụ đoàn thể",
        "workplace" => "Đơn vị công tác",
        "branch" => "Chi bộ",
        "party_committee" => "Đảng bộ",
        "place" => "Địa danh",
        _ => "Trường không rõ",
    }
}

impl Profile {
    /// The profile with every text field cleaned (NFC, no control characters,
    /// length checked). Dates are typed values and need no cleaning.
    pub fn cleaned(&self) -> Result<Profile> {
        let c = |field: &str, v: &str| clean(field_label(field), v, LINE_LIMIT, false);
        Ok(Profile {
            full_name: c("full_name", &self.full_name)?,
            party_position: c("party_position", &self.party_position)?,
            government_position: c("government_position", &self.government_position)?,
            union_position: c("union_position", &self.union_position)?,
            workplace: c("workplace", &self.workplace)?,
            branch: c("branch", &self.branch)?,
            party_committee: c("party_committee", &self.party_committee)?,
            place: c("place", &self.place)?,
            ..self.clone()
        })
    }

    /// The two questions that choose the year-end review's form are
    /// answered (a member outside the political system needs only one).
    pub fn answers_form_questions(&self) -> bool {
        self.political_system == Some(false) || (self.political_system.is_some() && self.leadership_post.is_some())
    }

    /// The text value of a field by its key, as printed in an identity block.
    pub fn text_of(&self, field: &str) -> Option<String> {
        let date = |d: &Option<NaiveDate>| d.map(crate::dates::format_date).unwrap_or_default();
        Some(match field {
            "full_name" => self.full_name.clone(),
            "birth_date" => date(&self.birth_date),
            "joined_on" => date(&self.joined_on),
            "official_on" => date(&self.official_on),
            "party_position" => self.party_position.clone(),
            "government_position" => self.government_position.clone(),
            "union_position" => self.union_position.clone(),
            "workplace" => self.workplace.clone(),
            "branch" => self.branch.clone(),
            "party_committee" => self.party_committee.clone(),
            "place" => self.place.clone(),
            _ => return None,
        })
    }

    /// Fills the field `field` with `value` when it is empty, never over
    /// what the member wrote (a date as people type it); whether it did.
    pub fn offer(&mut self, field: &str, value: &str) -> bool {
        let value = value.trim().to_string();
        if value.is_empty() || self.text_of(field).is_none_or(|now| !now.is_empty()) {
            return false;
        }
        let date = || crate::dates::parse_typed(&value);
        match field {
            "full_name" => self.full_name = value,
            "birth_date" => self.birth_date = date(),
            "joined_on" => self.joined_on = date(),
            "official_on" => self.official_on = date(),
            "party_position" => self.party_position = value,
            "government_position" => self.government_position = value,
            "union_position" => self.union_position = value,
            "workplace" => self.workplace = value,
            "branch" => self.branch = value,
            "party_committee" => self.party_committee = value,
            "place" => self.place = value,
            _ => return false,
        }
        self.text_of(field).is_some_and(|now| !now.is_empty())
    }

    /// Every broken rule, judged on `today`. Empty means the profile can be
    /// printed and signed.
    pub fn problems(&self, today: NaiveDate) -> Vec<FieldProblem> {
        let mut out = Vec::new();
        let mut add = |field: &str, message: String| {
            out.push(FieldProblem { field: field.to_string(), message });
        };
        for field in ["full_name", "workplace", "branch", "party_committee", "place"] {
            if self.text_of(field).unwrap_or_default().trim().is_empty() {
                add(field, format!("Chưa nhập {}.", field_label(field).to_lowercase()));
            }
        }
        // A look-alike letter (a Greek "ο" in "Lοng") would make a second person who reads the same.
        if let Some(why) = Some(self.full_name.trim()).filter(|n| !n.is_empty()).and_then(crate::text::name_problem) {
            add("full_name", why);
        }
        for (field, date) in [("birth_date", self.birth_date), ("joined_on", self.joined_on)] {
            match date {
                None => add(field, format!("Chưa nhập {}.", field_label(field).to_lowercase())),
                Some(d) if d > today => {
                    add(field, format!("{} không thể là một ngày trong tương lai.", field_label(field)))
                }
                Some(_) => {}
            }
        }
        // A birth date far outside a member's life is a typing slip (01/01/1800).
        if let Some(born) = self.birth_date.filter(|b| *b <= today) {
            let age = age_on(born, today);
            if !(18..=110).contains(&age) {
                add(
                    "birth_date",
                    format!("Ngày sinh này cho tuổi {age}; đảng viên từ 18 đến 110 tuổi. Hãy xem lại năm sinh."),
                );
            }
        }
        if let (Some(born), Some(joined)) = (self.birth_date, self.joined_on) {
            if born <= today && joined <= today && age_on(born, joined) < 18 {
                add("joined_on", "Ngày vào Đảng phải từ khi đủ 18 tuổi trở lên.".to_string());
            }
        }
        match (self.probationary, self.official_on) {
            (true, Some(_)) => add(
                "official_on",
                "Đảng viên dự bị chưa có ngày chính thức; hãy để trống hoặc bỏ đánh dấu “dự bị”.".to_string(),
            ),
            (false, None) => {
                add("official_on", "Chưa nhập ngày chính thức (đảng viên dự bị thì đánh dấu “dự bị”).".to_string())
            }
            (false, Some(official)) => {
                if official > today {
                    add("official_on", "Ngày chính thức không thể là một ngày trong tương lai.".to_string());
                } else if self.joined_on.is_some_and(|joined| official <= joined) {
                    add("official_on", "Ngày chính thức phải sau ngày vào Đảng.".to_string());
                }
            }
            (true, None) => {}
        }
        out
    }

    /// Ok when complete and consistent; otherwise every problem in one error.
    pub fn check(&self, today: NaiveDate) -> Result<()> {
        let problems = self.problems(today);
        match problems.first() {
            None => Ok(()),
            Some(first) if problems.len() == 1 => Err(Error::invalid(&first.field, first.message.clone())),
            Some(first) => Err(Error::invalid(
                &first.field,
                problems.iter().map(|p| p.message.as_str()).collect::<Vec<_>>().join(" "),
            )),
        }
    }
}

fn age_on(born: NaiveDate, day: NaiveDate) -> i32 {
    let had_birthday = (day.month(), day.day()) >= (born.month(), born.day());
    day.year() - born.year() - if had_birthday { 0 } else { 1 }
}
