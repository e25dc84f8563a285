//! The crossbeam-channel peer of ove-channel's benchmark suite.
//!
//! It runs the workload of the suite's Java benchmarks on crossbeam-channel, so
//! the report can show the numbers side by side. The command-line protocol is
//! the same as the Go peer's:
//!
//! ```text
//! crossbeam-peer transfer <producers> <consumers> <capacity> <messages> <warmups> <iterations>
//! crossbeam-peer pingpong <capacity> <roundtrips> <warmups> <iterations>
//! ```
//!
//! `transfer` prints `iteration <elapsed_nanos>` per measured iteration, then
//! `checksum <n>`; `pingpong` prints `percentiles <p50> <p99> <p999>` (in
//! nanoseconds, nearest rank) per iteration. Bad arguments exit with 2, a lost
//! or duplicated message with 1.

use crossbeam_channel::{bounded, Receiver, Sender};
use std::env;
use std::process;
use std::sync::{Arc, Barrier};
use std::thread;
use std::time::Instant;

/// How many distinct values the producers cycle through: a pre-built array, so
/// sending does not include making the value.
const VALUES: usize = 1024;

const USAGE: &str = "usage:\n  \
    crossbeam-peer transfer <producers> <consumers> <capacity> <messages> <warmups> <iterations>\n  \
    crossbeam-peer pingpong <capacity> <roundtrips> <warmups> <iterations>";

fn usage(problem: &str) -> ! {
    eprintln!("{}\n{}", problem, USAGE);
    process::exit(2);
}

fn number(args: &[String], index: usize, name: &str, min: u64) -> u64 {
    let text = match args.get(index) {
        Some(text) => text,
        None => usage(&format!("missing <{}>", name)),
    };
    match text.parse::<u64>() {
        Ok(value) if value >= min => value,
        _ => usage(&format!("<{}> must be an integer >= {}, not '{}'", name, min, text)),
    }
}

fn main() {
    let args: Vec<String> = env::args().collect();
    match args.get(1).map(String::as_str) {
        Some("transfer") => {
            if args.len() != 8 {
                usage("transfer takes six arguments");
            }
            let producers = number(&args, 2, "producers", 1) as usize;
            let consumers = number(&args, 3, "consumers", 1) as usize;
            let capacity = number(&args, 4, "capacity", 0) as usize;
            let messages = number(&args, 5, "messages", 0);
            let warmups = number(&args, 6, "warmups", 0);
            let iterations = number(&args, 7, "iterations", 1);
            transfer(producers, consumers, capacity, messages, warmups, iterations);
        }
        Some("pingpong") => {
            if args.len() != 6 {
                usage("pingpong takes four arguments");
            }
            let capacity = number(&args, 2, "capacity", 0) as usize;
            let roundtrips = number(&args, 3, "roundtrips", 1) as usize;
            let warmups = number(&args, 4, "warmups", 0);
            let iterations = number(&args, 5, "iterations", 1);
            ping_pong(capacity, roundtrips, warmups, iterations);
        }
        _ => usage("the first argument is transfer or pingpong"),
    }
}

fn transfer(producers: usize, consumers: usize, capacity: usize, messages: u64, warmups: u64, iterations: u64) {
    let values: Arc<Vec<u64>> = Arc::new((0..VALUES as u64).map(|v| v * 31 + 7).collect());
    let mut checksum: u64 = 0;
    let mut wrong: Vec<(u64, u64)> = Vec::new();
    for iteration in 0..warmups + iterations {
        // A new channel each iteration, so no iteration inherits another's state.
        let (sender, receiver) = bounded::<u64>(capacity);
        // Thread start-up is not part of the measurement: every thread says it is ready, then
        // waits at the start barrier. Main reads the clock once all are ready and before it opens
        // the barrier: read after, the clock would wait for main to get a core back, and on a
        // small machine the workers may have finished by then.
        let ready = Arc::new(Barrier::new(producers + consumers + 1));
        let start = Arc::new(Barrier::new(producers + consumers + 1));
        let mut consumer_handles = Vec::with_capacity(consumers);
        for _ in 0..consumers {
            let receiver: Receiver<u64> = receiver.clone();
            let ready = Arc::clone(&ready);
            let start = Arc::clone(&start);
            consumer_handles.push(thread::spawn(move || {
                ready.wait();
                start.wait();
                let mut count: u64 = 0;
                let mut sum: u64 = 0;
                // recv fails only once every Sender is gone and the channel is drained.
                while let Ok(value) = receiver.recv() {
                    count += 1;
                    sum = sum.wrapping_add(value);
                }
                (count, sum)
            }));
        }
        drop(receiver);
        let share = messages / producers as u64;
        let extra = messages % producers as u64;
        let mut producer_handles = Vec::with_capacity(producers);
        for p in 0..producers {
            let sender: Sender<u64> = sender.clone();
            let ready = Arc::clone(&ready);
            let start = Arc::clone(&start);
            let values = Arc::clone(&values);
            let count = share + if (p as u64) < extra { 1 } else { 0 };
            producer_handles.push(thread::spawn(move || {
                ready.wait();
                start.wait();
                let mut index = p % VALUES;
                for _ in 0..count {
                    if sender.send(values[index]).is_err() {
                        break; // every receiver gone: only a bug gets here, and the count shows it
                    }
                    index += 1;
                    if index == VALUES {
                        index = 0;
                    }
                }
                // The Sender drops here; the last one to drop closes the channel.
            }));
        }
        // Main keeps no Sender, or the consumers would never see the channel close.
        drop(sender);
        ready.wait();
        let began = Instant::now();
        start.wait();
        let mut received: u64 = 0;
        for handle in consumer_handles {
            let (count, sum) = handle.join().expect("a consumer panicked");
            received += count;
            checksum = checksum.wrapping_add(sum);
        }
        let elapsed = began.elapsed();
        for handle in producer_handles {
            handle.join().expect("a producer panicked");
        }
        if received != messages {
            wrong.push((iteration, received));
        }
        if iteration >= warmups {
            println!("iteration {}", elapsed.as_nanos());
        }
    }
    if !wrong.is_empty() {
        for (iteration, received) in wrong {
            eprintln!("iteration {}: received {} messages, expected {}", iteration, received, messages);
        }
        process::exit(1);
    }
    println!("checksum {}", checksum);
}

fn ping_pong(capacity: usize, roundtrips: usize, warmups: u64, iterations: u64) {
    let (ping, ping_in) = bounded::<u64>(capacity);
    let (pong_out, pong) = bounded::<u64>(capacity);
    let echo = thread::spawn(move || {
        // Ends when main drops the ping Sender.
        while let Ok(value) = ping_in.recv() {
            if pong_out.send(value).is_err() {
                break;
            }
        }
    });
    let mut token: u64 = 0;
    for _ in 0..warmups {
        token = round_trip(&ping, &pong, token);
    }
    // Allocated once, so the measured loop allocates nothing.
    let mut nanos: Vec<u64> = vec![0; roundtrips];
    for _ in 0..iterations {
        for slot in nanos.iter_mut() {
            let began = Instant::now();
            token = round_trip(&ping, &pong, token);
            *slot = began.elapsed().as_nanos() as u64;
        }
        nanos.sort_unstable();
        println!(
            "percentiles {} {} {}",
            nearest_rank(&nanos, 50.0),
            nearest_rank(&nanos, 99.0),
            nearest_rank(&nanos, 99.9)
        );
    }
    drop(ping);
    drop(pong);
    echo.join().expect("the echo thread panicked");
    if token != warmups + iterations * roundtrips as u64 {
        eprintln!("the echo lost a message: token {}", token);
        process::exit(1);
    }
}

fn round_trip(ping: &Sender<u64>, pong: &Receiver<u64>, token: u64) -> u64 {
    ping.send(token + 1).expect("the echo thread is gone");
    pong.recv().expect("the echo thread is gone")
}

/// The nearest-rank percentile of sorted values: the smallest value with at
/// least `percent` of the values at or below it.
fn nearest_rank(sorted: &[u64], percent: f64) -> u64 {
    let rank = (percent / 100.0 * sorted.len() as f64).ceil() as usize;
    sorted[rank.max(1).min(sorted.len()) - 1]
}
