//! `check --jsonl`: bulk lines, judged on every core in constant memory.

use std::io::{self, BufRead, Write};

use os_volume_manage::jsonl::JsonlDefaults;
use os_volume_manage_cli::batch::check_lines;
use os_volume_manage_cli::CheckArgs;

use crate::read_error;

/// Lines are judged in batches, each batch at most this many lines...
const BATCH_LINES: usize = 512;
/// ...or about this many bytes (a longer line is a batch of its own).
const BATCH_BYTES: usize = 1 << 20;

/// A batch of input lines: their bytes back to back in one buffer, and
/// where each line ends (newlines stripped). One buffer per batch, reused
/// from batch to batch, instead of one allocation per line.
#[derive(Default)]
struct Batch {
    bytes: Vec<u8>,
    ends: Vec<usize>,
}

impl Batch {
    fn lines(&self) -> impl Iterator<Item = &[u8]> {
        let starts = std::iter::once(0).chain(self.ends.iter().copied());
        starts.zip(self.ends.iter().copied()).map(|(start, end)| self.bytes.get(start..end).unwrap_or_default())
    }

    fn clear(&mut self) {
        self.bytes.clear();
        self.ends.clear();
    }
}

/// Buffers handed back for reuse once a batch is judged (its input) or
/// printed (its output), so that in the steady state no thread allocates
/// or frees a batch buffer; each buffer stays with the threads that use it.
/// (Freeing on one thread what another allocated also costs glibc's
/// allocator a lock per call.)
struct Pool<T> {
    spare: std::sync::Mutex<Vec<T>>,
}

impl<T: Default> Pool<T> {
    fn new() -> Self {
        Pool { spare: std::sync::Mutex::new(Vec::new()) }
    }

    fn take(&self) -> T {
        self.spare.lock().ok().and_then(|mut spare| spare.pop()).unwrap_or_default()
    }

    fn give(&self, item: T) {
        if let Ok(mut spare) = self.spare.lock() {
            spare.push(item);
        }
    }
}

/// Streams lines in constant memory, judged on every core: the reading
/// thread cuts the input into batches, workers judge them, and the writer
/// prints their output lines in input order. At most a fixed number of
/// batches is in flight (read but not yet written), so memory stays
/// bounded whatever the input's length; output is identical to judging the
/// lines one by one.
pub(crate) fn run_jsonl(args: &CheckArgs) -> Result<bool, String> {
    let defaults = JsonlDefaults {
        kind: args.kind,
        microversion: args.microversion.clone(),
        endpoint: args.endpoint.clone(),
        unicode_version: args.unicode_version.clone(),
        max_request_body_size: args.max_request_body_size,
        server: args.server,
    };
    let workers = std::thread::available_parallelism().map_or(1, |n| n.get()).clamp(1, 8);
    let in_flight = 2 * workers + 2;
    let (batch_tx, batch_rx) = std::sync::mpsc::sync_channel::<(usize, Batch)>(in_flight);
    let batch_rx = std::sync::Mutex::new(batch_rx);
    let (done_tx, done_rx) = std::sync::mpsc::channel::<(usize, String, bool)>();
    // A token per batch in flight: the reader takes one per batch, the
    // writer gives it back once the batch is printed.
    let (token_tx, token_rx) = std::sync::mpsc::sync_channel::<()>(in_flight);
    for _ in 0..in_flight {
        let _ = token_tx.send(());
    }
    let (inputs, outputs) = (Pool::<Batch>::new(), Pool::<String>::new());
    std::thread::scope(|scope| {
        for _ in 0..workers {
            let (batch_rx, done_tx, defaults) = (&batch_rx, done_tx.clone(), &defaults);
            let (inputs, outputs) = (&inputs, &outputs);
            scope.spawn(move || loop {
                let next = match batch_rx.lock() {
                    Ok(rx) => rx.recv(),
                    Err(_) => return,
                };
                let Ok((seq, mut batch)) = next else { return };
                let mut text = outputs.take();
                let accepted = check_lines(batch.lines(), defaults, false, &mut text).rejected == 0;
                // A buffer that held a huge line is not kept for reuse.
                if batch.bytes.capacity() <= 4 * BATCH_BYTES {
                    batch.clear();
                    inputs.give(batch);
                }
                if done_tx.send((seq, text, accepted)).is_err() {
                    return;
                }
            });
        }
        drop(done_tx);
        let outputs = &outputs;
        let writer = scope.spawn(move || -> Result<bool, String> {
            let stdout = io::stdout();
            let mut out = io::BufWriter::with_capacity(1 << 16, stdout.lock());
            let mut all_accepted = true;
            let mut waiting = std::collections::BTreeMap::new();
            let mut next = 0;
            for (seq, text, accepted) in done_rx {
                waiting.insert(seq, (text, accepted));
                while let Some((mut text, accepted)) = waiting.remove(&next) {
                    all_accepted &= accepted;
                    out.write_all(text.as_bytes()).map_err(|e| format!("cannot write output: {e}"))?;
                    next += 1;
                    // A buffer that held a huge line is not kept for reuse.
                    if text.capacity() <= 4 * BATCH_BYTES {
                        text.clear();
                        outputs.give(text);
                    }
                    let _ = token_tx.send(());
                }
            }
            out.flush().map_err(|e| format!("cannot write output: {e}"))?;
            Ok(all_accepted)
        });
        let read = read_batches(&args.files, &inputs, |seq, batch| {
            // No token: the writer stopped (an output error it reports).
            token_rx.recv().is_ok() && batch_tx.send((seq, batch)).is_ok()
        });
        drop(batch_tx);
        let written = writer.join().unwrap_or_else(|_| Err("the output thread failed".into()));
        read.and(written)
    })
}

/// Reads every file as lines and hands them over in batches, numbered from
/// 0; stops early when `send` returns false. Batch buffers come from
/// `spare` when the workers have handed some back. When a file cannot be
/// read, the lines read before it are still handed over, then the error
/// returned (as when each line was printed as soon as it was read).
fn read_batches(
    files: &[String],
    spare: &Pool<Batch>,
    mut send: impl FnMut(usize, Batch) -> bool,
) -> Result<(), String> {
    let mut seq = 0;
    let mut batch = spare.take();
    let read = read_files(files, spare, &mut batch, &mut seq, &mut send);
    if matches!(read, Ok(true) | Err(_)) && !batch.ends.is_empty() {
        send(seq, batch);
    }
    read.map(|_| ())
}

/// The loop of [`read_batches`]: `Ok(false)` when `send` stopped it, else
/// `Ok(true)` with the last batch (not yet handed over) in `batch`.
fn read_files(
    files: &[String],
    spare: &Pool<Batch>,
    batch: &mut Batch,
    seq: &mut usize,
    send: &mut impl FnMut(usize, Batch) -> bool,
) -> Result<bool, String> {
    for path in files {
        let mut reader: Box<dyn BufRead> = if path == "-" {
            Box::new(io::BufReader::with_capacity(1 << 16, io::stdin()))
        } else {
            Box::new(io::BufReader::with_capacity(
                1 << 16,
                std::fs::File::open(path).map_err(|e| read_error(path, &e))?,
            ))
        };
        loop {
            let n = reader.read_until(b'\n', &mut batch.bytes).map_err(|e| read_error(path, &e))?;
            if n == 0 {
                break;
            }
            // As `str::strip_suffix('\n')` then `strip_suffix('\r')`.
            if batch.bytes.last() == Some(&b'\n') {
                batch.bytes.pop();
            }
            if batch.bytes.last() == Some(&b'\r') {
                batch.bytes.pop();
            }
            batch.ends.push(batch.bytes.len());
            if batch.ends.len() >= BATCH_LINES || batch.bytes.len() >= BATCH_BYTES {
                if !send(*seq, std::mem::replace(batch, spare.take())) {
                    return Ok(false);
                }
                *seq += 1;
            }
        }
    }
    Ok(true)
}
