//! Step 6's data change, frozen: documents not signed yet take the
//! citations in force for their year (QĐ 207 replaces QĐ 37 from 2027;
//! resolutions named with their date and term). A draft on a shipped
//! template takes that template as it was frozen here, written out for its
//! year; a unit's template keeps its wording and has its cited documents
//! mapped. Signed documents are not touched: their citations never change.
//!
//! The templates and the cited documents are frozen as JSON beside this
//! file, and the templates are handled as JSON: a later release's
//! templates, reference library or `Template` type change nothing here.

use rusqlite::{params, OptionalExtension, Transaction};
use rusqlite_migration::{HookError, HookResult};
use serde_json::Value;

/// The only kinds a document could be before step 9.
const SHIPPED: &[(&str, &str)] =
    &[("ke-hoach", include_str!("step6/ke-hoach.json")), ("cam-ket", include_str!("step6/cam-ket.json"))];
const LIBRARY: &str = include_str!("step6/cited.json");

fn json(text: &str) -> Result<Value, HookError> {
    serde_json::from_str(text).map_err(|e| HookError::Hook(e.to_string()))
}

pub(super) fn cite_in_force(tx: &Transaction) -> HookResult {
    let library = json(LIBRARY)?;
    let library = library.as_array().cloned().unwrap_or_default();
    let drafts = tx
        .prepare(
            "SELECT id, year, kind, template FROM documents
             WHERE NOT EXISTS (SELECT 1 FROM records r WHERE r.document_id = documents.id)",
        )?
        .query_map([], |r| {
            Ok((r.get::<_, i64>(0)?, r.get::<_, i32>(1)?, r.get::<_, String>(2)?, r.get::<_, String>(3)?))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    for (id, year, kind, stored) in drafts {
        let (Some((_, shipped)), Ok(stored)) =
            (SHIPPED.iter().find(|(k, _)| *k == kind), serde_json::from_str::<Value>(&stored))
        else {
            continue;
        };
        let shipped = json(shipped)?;
        let base = if stored.get("id") == shipped.get("id") { shipped } else { stored };
        let cited = Cited {
            own: base.get("documents").and_then(Value::as_array).cloned().unwrap_or_default(),
            library: &library,
        };
        let template = for_year(base, year, &cited);
        tx.execute("UPDATE documents SET template = ?2 WHERE id = ?1", params![id, template.to_string()])?;
        map_ticked(tx, id, year, &template, &cited)?;
    }
    Ok(())
}

/// The cited documents a template knows: its own, then the library's.
struct Cited<'a> {
    own: Vec<Value>,
    library: &'a [Value],
}

impl Cited<'_> {
    fn find(&self, id: &str) -> Option<&Value> {
        self.own.iter().chain(self.library).find(|d| d.get("id").and_then(Value::as_str) == Some(id))
    }

    /// The document `id` stands for in a document of `year`: itself while
    /// in force, else what replaced it.
    fn in_force(&self, id: &str, year: i32) -> Option<&Value> {
        let mut doc = self.find(id)?;
        for _ in 0..8 {
            let bound = |name: &str| doc.get(name).and_then(Value::as_i64);
            let in_force = bound("first_year").is_none_or(|y| y <= year as i64)
                && bound("last_year").is_none_or(|y| year as i64 <= y);
            if in_force {
                return Some(doc);
            }
            doc = self.find(doc.get("replaced_by").and_then(Value::as_str)?)?;
        }
        None
    }
}

fn text<'a>(v: &'a Value, name: &str) -> &'a str {
    v.get(name).and_then(Value::as_str).unwrap_or_default()
}

/// The template as a document of `year` keeps it: each section's default
/// documents those in force, and "{ref:ID}" written out as the document's
/// short name (its citation when it has none).
fn for_year(mut template: Value, year: i32, cited: &Cited) -> Value {
    let Some(sections) = template.get_mut("sections").and_then(Value::as_array_mut) else { return template };
    for s in sections {
        let defaults: Vec<String> = s
            .get("default_documents")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
            .map(str::to_string)
            .collect();
        let mut kept: Vec<Value> = Vec::new();
        for id in defaults {
            if let Some(id) = cited.in_force(&id, year).map(|d| Value::from(text(d, "id"))) {
                if !kept.contains(&id) {
                    kept.push(id);
                }
            }
        }
        let (written, cites) = write_out(text(s, "text"), year, cited);
        if let Some(map) = s.as_object_mut() {
            map.insert("default_documents".into(), Value::from(kept));
            map.insert("text".into(), Value::from(written));
            map.insert("cites".into(), Value::from(cites));
        }
    }
    template
}

fn write_out(text_in: &str, year: i32, cited: &Cited) -> (String, Vec<String>) {
    let (mut out, mut cites, mut rest) = (String::new(), Vec::new(), text_in);
    while let Some(start) = rest.find("{ref:") {
        let Some(len) = rest[start..].find('}') else { break };
        let id = &rest[start + 5..start + len];
        if id.is_empty() || id.contains(char::is_whitespace) || id.contains('{') {
            out.push_str(&rest[..start + 5]);
            rest = &rest[start + 5..];
            continue;
        }
        out.push_str(&rest[..start]);
        match cited.in_force(id, year) {
            Some(d) => {
                let short = text(d, "short");
                out.push_str(if short.is_empty() { text(d, "citation") } else { short });
                cites.push(text(d, "id").to_string());
            }
            None => out.push_str(id),
        }
        rest = &rest[start + len + 1..];
    }
    out.push_str(rest);
    (out, cites)
}

/// The documents ticked in a draft's "documents" sections, mapped to those
/// in force for its year.
fn map_ticked(tx: &Transaction, id: i64, year: i32, template: &Value, cited: &Cited) -> HookResult {
    let sections = template.get("sections").and_then(Value::as_array).cloned().unwrap_or_default();
    for section in sections.iter().filter(|s| text(s, "kind") == "documents") {
        let sid = text(section, "id");
        let value: Option<String> = tx
            .query_row("SELECT value FROM answers WHERE document_id = ?1 AND section = ?2", params![id, sid], |r| {
                r.get(0)
            })
            .optional()?;
        let Some(Ok(answer)) = value.map(|v| serde_json::from_str::<Value>(&v)) else { continue };
        if text(&answer, "type") != "ticked" {
            continue;
        }
        let ids: Vec<&str> =
            answer.get("value").and_then(Value::as_array).into_iter().flatten().filter_map(Value::as_str).collect();
        let mut mapped: Vec<String> = Vec::new();
        for d in ids.iter().filter_map(|i| cited.in_force(i, year)) {
            let did = text(d, "id").to_string();
            if !mapped.contains(&did) {
                mapped.push(did);
            }
        }
        if mapped != ids {
            let json = serde_json::json!({"type": "ticked", "value": mapped}).to_string();
            tx.execute(
                "UPDATE answers SET value = ?3 WHERE document_id = ?1 AND section = ?2",
                params![id, sid, json],
            )?;
        }
    }
    Ok(())
}
