//! What the locustfile alone says of each endpoint: declared (some request
//! to it runs) or disabled (requested only where it does not run), and the
//! tasks requesting it.

use crate::join::JoinedRequest;
use crate::join::Resolution;
use crate::model::report::{EndpointReport, Status};
use std::collections::BTreeSet;

pub fn mark_declared(endpoints: &mut [EndpointReport], requests: &[JoinedRequest]) {
    let mut off_reasons: Vec<BTreeSet<String>> = vec![BTreeSet::new(); endpoints.len()];
    for r in requests {
        if let Resolution::Endpoint(i) = r.resolution {
            let w = &r.walked;
            let e = &mut endpoints[i];
            if !e.tasks.contains(&w.task) {
                e.tasks.push(w.task.clone());
            }
            let level = if w.runs {
                Status::Declared
            } else {
                Status::Disabled
            };
            if level < e.status {
                e.status = level;
            }
            if let Some(o) = &w.off {
                off_reasons[i].insert(format!("{} ({}:{})", o, w.request.file, w.request.line));
            }
        }
    }
    for (e, why) in endpoints.iter_mut().zip(&off_reasons) {
        e.tasks.sort();
        if e.status == Status::Disabled {
            e.note = Some(format!(
                "requested only where it does not run: {}",
                why.iter().cloned().collect::<Vec<_>>().join("; ")
            ));
        }
    }
}
