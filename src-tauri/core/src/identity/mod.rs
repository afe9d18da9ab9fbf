//! Identity documents: ID numbers, other documents the portals accept, validity periods (issue 4).
