//! Working days in mainland China: weekends, public holidays and make-up days (issue 7).
