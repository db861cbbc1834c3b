//! Word in and out: a document exported as .docx, and a typical 3-page
//! .docx (the demo plan as LibreOffice would hand it on) read and placed
//! onto its template.

use camket::render::Mark;
use criterion::{criterion_group, criterion_main, Criterion};

fn word(c: &mut Criterion) {
    let plan = camket::demo::plan(2026);
    c.bench_function("export plan as .docx", |b| b.iter(|| camket::word::docx(&plan, &Mark::Draft).unwrap()));
    let file = camket::word::docx(&plan, &Mark::Draft).unwrap();
    c.bench_function("import a 3-page .docx (read and place)", |b| {
        b.iter(|| camket::word::preview(&plan.template, 2026, &file).unwrap())
    });
}

criterion_group!(benches, word);
criterion_main!(benches);
