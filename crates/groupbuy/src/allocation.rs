//! Whole boxes, as foodsoft allocates them: a product is ordered in full
//! boxes only. The quantities committed fill as many boxes as they can;
//! the box they begin is ordered too when the members' tolerances (the
//! more each would take) fill it. The units ordered then go first come,
//! first served: each commitment gets its quantity while units remain,
//! then, in the same order, its tolerance while the box still needs some.
//! Nobody gets more than its quantity plus its tolerance.
//!
//! Pure: no I/O, property-tested.

/// How many units are ordered of a product whose commitments add up to
/// `quantity`, with `tolerance` more that members would take, packed by
/// `pack`.
pub fn ordered(quantity: i64, tolerance: i64, pack: i64) -> i64 {
    if pack <= 0 || quantity <= 0 {
        return 0;
    }
    let full = quantity / pack * pack;
    let begun = quantity - full;
    if begun > 0 && begun + tolerance.max(0) >= pack {
        full + pack
    } else {
        full
    }
}

/// What each commitment `(quantity, tolerance)` gets, in the order given
/// (first come first), when `units` are ordered.
pub fn allocate(units: i64, commitments: &[(i64, i64)]) -> Vec<i64> {
    let mut left = units.max(0);
    let mut given: Vec<i64> = commitments
        .iter()
        .map(|(quantity, _)| {
            let take = (*quantity).clamp(0, left);
            left -= take;
            take
        })
        .collect();
    for (got, (_, tolerance)) in given.iter_mut().zip(commitments) {
        let take = (*tolerance).clamp(0, left);
        *got += take;
        left -= take;
    }
    given
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn a_begun_box_is_ordered_when_tolerances_fill_it() {
        // Sacks of 25 kg: 60 kg fill two; 10 kg of tolerance do not fill
        // the third (15 more needed), 15 do.
        assert_eq!(ordered(60, 10, 25), 50);
        assert_eq!(ordered(60, 15, 25), 75);
        assert_eq!(ordered(75, 0, 25), 75);
        assert_eq!(ordered(10, 0, 25), 0);
        assert_eq!(ordered(0, 30, 25), 0);
    }

    #[test]
    fn the_first_come_are_served_first_then_tolerances() {
        // 50 kg ordered for 30 + 20 + 10 kg: the last one gets nothing.
        assert_eq!(allocate(50, &[(30, 0), (20, 0), (10, 0)]), vec![30, 20, 0]);
        // 75 kg for 30 + 30 with 10 and 15 of tolerance: the first one's
        // tolerance goes first.
        assert_eq!(allocate(75, &[(30, 10), (30, 15)]), vec![40, 35]);
    }

    fn commitments() -> impl Strategy<Value = (i64, Vec<(i64, i64)>)> {
        (1i64..30).prop_flat_map(|pack| {
            (
                Just(pack),
                proptest::collection::vec((0i64..100, 0i64..pack), 0..20),
            )
        })
    }

    proptest! {
        #[test]
        fn whole_boxes_are_ordered_and_shared_without_giving_anyone_more_than_asked(
            (pack, commitments) in commitments()
        ) {
            let quantity: i64 = commitments.iter().map(|c| c.0).sum();
            let tolerance: i64 = commitments.iter().map(|c| c.1).sum();
            let units = ordered(quantity, tolerance, pack);
            prop_assert_eq!(units % pack, 0);
            prop_assert!(units <= quantity + tolerance);
            // Never a box fewer than the quantities fill.
            prop_assert!(units >= quantity / pack * pack);
            let given = allocate(units, &commitments);
            prop_assert_eq!(given.iter().sum::<i64>(), units);
            for (got, (q, t)) in given.iter().zip(&commitments) {
                prop_assert!(*got >= 0 && *got <= q + t);
            }
            // First come, first served: a commitment short of its quantity
            // leaves nothing to those after it.
            if let Some(short) = given.iter().zip(&commitments).position(|(g, (q, _))| g < q) {
                for g in given.iter().skip(short + 1) {
                    prop_assert_eq!(*g, 0);
                }
            }
        }
    }
}
