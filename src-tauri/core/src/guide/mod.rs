//! Guide engine: flows as data, one question at a time, ending in a plan (issue 3).
