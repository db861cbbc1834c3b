//! Speed of verifying the signed PDFs members send: one file, and the 200
//! files of a branch of 100 members (parsing, both signatures, the pages).

use camket::verify::verify_bytes;
use criterion::{criterion_group, criterion_main, Criterion};

fn verify(c: &mut Criterion) {
    let files = camket::demo::branch::branch(2026, 100).unwrap();
    let one = &files[0].bytes;
    c.bench_function("verify one signed PDF", |b| b.iter(|| verify_bytes(one).unwrap()));
    let mut group = c.benchmark_group("branch");
    group.sample_size(10);
    group.bench_function("verify 200 signed PDFs", |b| {
        b.iter(|| files.iter().map(|f| verify_bytes(&f.bytes).unwrap().page_count).sum::<usize>())
    });
    group.finish();
    let total: usize = files.iter().map(|f| f.bytes.len()).sum();
    println!("200 signed PDFs: {} KB in all, {} KB each on average", total / 1024, total / 1024 / files.len());
}

criterion_group!(benches, verify);
criterion_main!(benches);
