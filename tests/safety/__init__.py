"""Safety tests: fuzzing, fault injection, crash recovery, long sessions."""
