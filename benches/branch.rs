//! Speed of the secretary's work: the year's table of a grassroots committee
//! of 500 members, and "In cả chi bộ" for 100 members × 2 confirmed
//! documents. (Taking files in is timed as a whole process by
//! `scripts/bench-branch.sh`.)

use camket::branch::{collect, confirm, print, status};
use camket::store::Store;
use chrono::NaiveDate;
use criterion::{criterion_group, criterion_main, Criterion};

fn branch_of(members: usize, dir: &std::path::Path) -> Store {
    branch_with(members, dir, false)
}

/// The branch's files, with each member's year-end review when `reviews`.
fn branch_with(members: usize, dir: &std::path::Path, reviews: bool) -> Store {
    let inbox = dir.join("in");
    std::fs::create_dir_all(&inbox).unwrap();
    for f in camket::demo::branch::branch(2026, members).unwrap() {
        std::fs::write(inbox.join(&f.file_name), &f.bytes).unwrap();
    }
    for i in (0..members).filter(|_| reviews) {
        let key = camket::demo::branch::member_key(2026, i);
        let f = camket::demo::branch::member_file(2026, i, "tu-danh-gia", 20, &key).unwrap();
        std::fs::write(inbox.join(&f.file_name), &f.bytes).unwrap();
    }
    let mut store = Store::open(&dir.join("chi-bo.sqlite3")).unwrap();
    store.save_profile(&camket::demo::branch::member(0)).unwrap();
    let files = collect::pdf_files(&[inbox]).unwrap();
    collect::receive_files(&mut store, &files, |_, _| {}).unwrap();
    store
}

fn day() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 4, 1).unwrap()
}

fn table(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    let store = branch_of(500, dir.path());
    status::set_deadline(&store, 2026, NaiveDate::from_ymd_opt(2026, 3, 31)).unwrap();
    let mut group = c.benchmark_group("branch");
    group.sample_size(10);
    group.bench_function("year table, 500 members x 2 documents", |b| {
        b.iter(|| status::year_table(&store, 2026, day()).unwrap().rows.len())
    });
    group.finish();
    let dir = tempfile::tempdir().unwrap();
    let store = branch_with(500, dir.path(), true);
    let mut group = c.benchmark_group("branch");
    group.sample_size(10);
    group.bench_function("year table, 500 members x 3 documents, the reviews' ratings read", |b| {
        b.iter(|| status::year_table(&store, 2026, day()).unwrap().ratings.map(|r| r.options.len()))
    });
    group.finish();
}

fn printing(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    let store = branch_of(100, dir.path());
    let done = confirm::confirm_submitted(&store, 2026, None, "", day()).unwrap();
    assert_eq!(done.len(), 200);
    let mut group = c.benchmark_group("branch");
    group.sample_size(10);
    group.bench_function("print the branch, 100 members x 2 confirmed documents", |b| {
        b.iter(|| print::print_branch(&store, 2026, day(), false).unwrap().len())
    });
    group.finish();
    let size = print::print_branch(&store, 2026, day(), false).unwrap().len();
    println!("branch printout: {} KB, {} KB a document on average", size / 1024, size / 1024 / 200);
}

criterion_group!(benches, table, printing);
criterion_main!(benches);
