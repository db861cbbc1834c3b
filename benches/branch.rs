//! Speed of the secretary's work: the year's table of a grassroots committee
//! of 500 members, and "In cả chi bộ" for 100 members × 2 confirmed
//! documents; a roster spreadsheet of 10,000 rows applied to an empty
//! roster and again to the full one. (Taking files in is timed as a whole
//! process by `scripts/bench-branch.sh`.)

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
        let f = camket::demo::branch::member_file(2026, i, "kiem-diem", 20, &key).unwrap();
        std::fs::write(inbox.join(&f.file_name), &f.bytes).unwrap();
    }
    let mut store = Store::open(&dir.join("chi-bo.sqlite3")).unwrap();
    store.save_profile(&camket::demo::branch::member(0)).unwrap();
    let files = collect::pdf_files(&[inbox]).unwrap();
    collect::receive_files(&mut store, &files, |_, _| {}).unwrap();
    camket::branch::held::bind_all(&store, None, camket::dates::today()).unwrap();
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
        b.iter(|| status::year_table(&store, 2026, day()).unwrap().ratings.map(|r| r.levels.len()))
    });
    group.finish();
}

fn printing(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    let store = branch_of(100, dir.path());
    let done = confirm::confirm_submitted(&store, 2026, None, "", day(), None).unwrap();
    assert_eq!((done.done.len(), done.failed.len()), (200, 0));
    let mut group = c.benchmark_group("branch");
    group.sample_size(10);
    group.bench_function("print the branch, 100 members x 2 confirmed documents", |b| {
        b.iter(|| print::print_branch(&store, 2026, day(), false).unwrap().len())
    });
    group.finish();
    let size = print::print_branch(&store, 2026, day(), false).unwrap().len();
    println!("branch printout: {} KB, {} KB a document on average", size / 1024, size / 1024 / 200);
}

/// A sheet of `n` distinct people as a secretary's CSV.
fn big_sheet(dir: &std::path::Path, n: usize) -> std::path::PathBuf {
    let mut csv = String::from("Họ và tên,Ngày sinh,Chức vụ Đảng\r\n");
    for i in 0..n {
        let m = camket::demo::branch::member(i % camket::demo::branch::MAX_MEMBERS);
        let born = NaiveDate::from_ymd_opt(1950 + (i / 1400) as i32, 1 + (i % 12) as u32, 1 + (i % 28) as u32).unwrap();
        csv.push_str(&format!("{},{},\r\n", m.full_name, born.format("%d/%m/%Y")));
    }
    let path = dir.join("danh-sach.csv");
    std::fs::write(&path, csv).unwrap();
    path
}

fn roster(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    let rows = camket::branch::sheet::read(&big_sheet(dir.path(), 10_000), camket::dates::today()).unwrap();
    let mut group = c.benchmark_group("branch");
    group.sample_size(10);
    group.bench_function("roster sheet of 10,000 rows applied to an empty roster", |b| {
        b.iter_batched(
            || {
                let path = dir.path().join(format!("r-{}.sqlite3", rand_name()));
                let store = Store::open(&path).unwrap();
                store.save_profile(&camket::demo::branch::member(0)).unwrap();
                store
            },
            |store| camket::branch::sheet::add(&store, &rows, camket::dates::today()).unwrap(),
            criterion::BatchSize::PerIteration,
        )
    });
    let store = Store::open(&dir.path().join("full.sqlite3")).unwrap();
    camket::branch::sheet::add(&store, &rows, camket::dates::today()).unwrap();
    group.bench_function("the same 10,000 rows again, against a roster of 10,000", |b| {
        b.iter(|| camket::branch::sheet::add(&store, &rows, camket::dates::today()).unwrap())
    });
    group.finish();
}

fn rand_name() -> u128 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_nanos()).unwrap_or(0)
}

criterion_group!(benches, table, printing, roster);
criterion_main!(benches);
