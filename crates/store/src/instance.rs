//! One app per data dir. The first instance holds an exclusive lock on
//! `<data dir>/instance.lock` for as long as it runs and listens on
//! `<data dir>/instance.sock`; a second launch finds the lock taken, asks the
//! first to come to the front ("focus") and exits. Two apps writing the same
//! profiles at once is what this prevents; the lock is released by the
//! operating system however the first instance ends, so a crash never leaves
//! the data dir locked.

use std::path::{Path, PathBuf};

use crate::error::Result;
#[cfg(unix)]
use crate::error::{Context, StoreError};

pub const LOCK_FILE: &str = "instance.lock";
pub const SOCKET_FILE: &str = "instance.sock";
const FOCUS: &[u8] = b"focus";

/// What [`acquire`] found.
pub enum Instance {
    /// This is the only instance: keep the guard for as long as the app runs.
    First(InstanceGuard),
    /// Another instance has the data dir; it was asked to come to the front.
    Second,
}

/// Holds the lock (and the listening socket) until dropped.
pub struct InstanceGuard {
    #[cfg(unix)]
    _lock: std::fs::File,
    socket: Option<PathBuf>,
}

impl Drop for InstanceGuard {
    fn drop(&mut self) {
        if let Some(socket) = &self.socket {
            let _ = std::fs::remove_file(socket);
        }
    }
}

/// Becomes the data dir's instance, calling `on_focus` (on a thread of its
/// own) each time a later launch asks for the window; or, if another instance
/// has it, asks that one to come to the front.
pub fn acquire(data_dir: &Path, on_focus: impl Fn() + Send + 'static) -> Result<Instance> {
    crate::fs_private::create_private_dir(data_dir)?;
    #[cfg(unix)]
    {
        unix::acquire(data_dir, on_focus)
    }
    #[cfg(not(unix))]
    {
        let _ = on_focus;
        Ok(Instance::First(InstanceGuard { socket: None }))
    }
}

#[cfg(unix)]
mod unix {
    use std::io::{Read, Write};
    use std::os::fd::AsRawFd;
    use std::os::unix::fs::OpenOptionsExt;
    use std::os::unix::net::{UnixListener, UnixStream};
    use std::time::Duration;

    use super::*;

    pub(super) fn acquire(data_dir: &Path, on_focus: impl Fn() + Send + 'static) -> Result<Instance> {
        let lock_path = data_dir.join(LOCK_FILE);
        let lock = std::fs::OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .mode(0o600)
            .open(&lock_path)
            .context(|| format!("opening {}", lock_path.display()))?;
        // SAFETY: flock on a descriptor this function owns; no memory is shared.
        let locked = unsafe { libc::flock(lock.as_raw_fd(), libc::LOCK_EX | libc::LOCK_NB) } == 0;
        let socket_path = data_dir.join(SOCKET_FILE);
        if !locked {
            let err = std::io::Error::last_os_error();
            if err.raw_os_error() != Some(libc::EWOULDBLOCK) {
                return Err(StoreError::Io { context: format!("locking {}", lock_path.display()), source: err });
            }
            ask_for_focus(&socket_path);
            return Ok(Instance::Second);
        }
        // A socket file left by an instance that crashed answers nobody.
        let _ = std::fs::remove_file(&socket_path);
        // Without a socket (a path too long for one, say) the lock still holds;
        // only the focus request is lost.
        let socket = match UnixListener::bind(&socket_path) {
            Ok(listener) => {
                std::thread::Builder::new()
                    .name("instance-focus".into())
                    .spawn(move || listen(listener, on_focus))
                    .context(|| "starting the instance listener".into())?;
                Some(socket_path)
            }
            Err(_) => None,
        };
        Ok(Instance::First(InstanceGuard { _lock: lock, socket }))
    }

    fn listen(listener: UnixListener, on_focus: impl Fn()) {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            let _ = stream.set_read_timeout(Some(Duration::from_secs(1)));
            let mut message = [0u8; 16];
            let mut read = 0;
            while read < message.len() {
                match stream.read(&mut message[read..]) {
                    Ok(0) | Err(_) => break,
                    Ok(n) => read += n,
                }
            }
            if &message[..read] == FOCUS {
                on_focus();
            }
        }
    }

    /// The first instance may still be starting: a few tries, then give up
    /// quietly (the user sees the first window anyway).
    fn ask_for_focus(socket: &Path) {
        for _ in 0..20 {
            if let Ok(mut stream) = UnixStream::connect(socket) {
                let _ = stream.write_all(FOCUS);
                return;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

#[cfg(all(test, unix))]
mod tests {
    use std::sync::mpsc;
    use std::time::Duration;

    use super::*;

    #[test]
    fn a_second_instance_focuses_the_first_and_the_lock_frees_when_it_ends() {
        let dir = tempfile::tempdir().unwrap();
        let (tx, rx) = mpsc::channel();
        let first = match acquire(dir.path(), move || tx.send(()).unwrap()).unwrap() {
            Instance::First(guard) => guard,
            Instance::Second => panic!("the first instance must get the lock"),
        };
        for _ in 0..2 {
            assert!(matches!(acquire(dir.path(), || panic!("not the first")).unwrap(), Instance::Second));
            rx.recv_timeout(Duration::from_secs(5)).expect("the first instance was asked to focus");
        }
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(dir.path().join(LOCK_FILE)).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
        drop(first);
        assert!(!dir.path().join(SOCKET_FILE).exists());
        let (tx, _rx) = mpsc::channel();
        assert!(matches!(acquire(dir.path(), move || tx.send(()).unwrap()).unwrap(), Instance::First(_)));
    }

    #[test]
    fn a_socket_left_by_a_crashed_instance_does_not_block_the_next() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(SOCKET_FILE), b"stale").unwrap();
        assert!(matches!(acquire(dir.path(), || {}).unwrap(), Instance::First(_)));
    }
}
