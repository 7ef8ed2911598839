//! `share_link_parse`: any text as a URL fragment. `ShareLink::parse` must never panic (nor
//! allocate past its caps), and whatever it accepts must be written back by `to_fragment` to
//! a fragment that reads to the same link.

#![no_main]

use libfuzzer_sys::fuzz_target;
use reprise_app::share::ShareLink;

fuzz_target!(|data: &[u8]| {
    let Ok(fragment) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(link) = ShareLink::parse(fragment) {
        let written = link.to_fragment();
        match ShareLink::parse(&written) {
            Ok(reread) => assert_eq!(reread, link, "{written:?} reads to another link"),
            Err(error) => panic!("{written:?}, written from an accepted link, is refused: {error}"),
        }
    }
});
