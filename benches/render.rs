//! Speed of the things a person waits for: printing one document, printing
//! a whole branch, and saving one answer.

use camket::document::{Answer, Content};
use camket::render::{render, render_many, Mark};
use camket::store::Store;
use criterion::{criterion_group, criterion_main, BatchSize, Criterion};

fn one_document(c: &mut Criterion) {
    let plan = camket::demo::plan(2026);
    let commitment = camket::demo::commitment(2026);
    c.bench_function("render plan (1 document)", |b| b.iter(|| render(&plan, &Mark::Draft).unwrap()));
    c.bench_function("render commitment (1 document)", |b| b.iter(|| render(&commitment, &Mark::Draft).unwrap()));
    let review = camket::demo::review(2026);
    c.bench_function("render review (1 document)", |b| b.iter(|| render(&review, &Mark::Draft).unwrap()));
    // What "In…" prints: the plan's pages as SVG images.
    c.bench_function("print pages of the plan (SVG)", |b| {
        b.iter(|| camket::render::svg_pages(&plan, &Mark::Draft).unwrap())
    });
}

fn branch(c: &mut Criterion) {
    let mut contents: Vec<Content> = Vec::new();
    for i in 0..100 {
        for mut content in [camket::demo::plan(2026), camket::demo::commitment(2026)] {
            content.profile.full_name = format!("Đảng viên số {i}");
            contents.push(content);
        }
    }
    let docs: Vec<(&Content, Mark)> = contents
        .iter()
        .map(|c| {
            (
                c,
                Mark::Signed {
                    code: "7KQ4-M2XA-9TPC".into(),
                    signed_at: "2026-02-20T08:30:00.000Z".into(),
                    signature: None,
                    layout: camket::render::LAYOUT,
                },
            )
        })
        .collect();
    let mut group = c.benchmark_group("branch");
    group.sample_size(10);
    group.bench_function("render 100 members x 2 documents into one PDF", |b| b.iter(|| render_many(&docs).unwrap()));
    group.finish();
    let size = render_many(&docs).unwrap().len();
    println!("branch PDF ({} documents): {} KB", docs.len(), size / 1024);
}

fn save(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("bench.sqlite3")).unwrap();
    let id = camket::writing::document(&mut store, 2026, "ke-hoach").unwrap();
    let mut rev = store.info(id).unwrap().revision;
    let mut n = 0u64;
    c.bench_function("save one answer (WAL, synchronous=FULL)", |b| {
        b.iter_batched(
            || {
                n += 1;
                Answer::Text(format!("Học tập chuyên đề năm, lần lưu thứ {n}."))
            },
            |answer| rev = store.save_answer(id, "hoc_tap", answer, rev).unwrap(),
            BatchSize::SmallInput,
        )
    });
}

criterion_group!(benches, one_document, branch, save);
criterion_main!(benches);
