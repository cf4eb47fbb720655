//! Tests of the rules engine. `table` is the rule-by-rule coverage table;
//! the other modules test one part each.

mod acceptance;
mod catalogue;
mod findings;
mod fixtures;
mod gdap;
mod invitation;
mod links;
mod props;
mod sweep;
mod table;
