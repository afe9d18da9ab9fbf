use super::*;

#[test]
fn scratch_nmpa() {
    let r = validate::load(&FILES[..1], None);
    if let Err(e) = &r {
        for x in e {
            println!("{x}");
        }
    }
    assert!(r.is_ok());
}
