use super::fixtures::*;
use crate::model::LinkKind;
use crate::rules::links::{LinkOutcome, link_partner};

#[test]
fn linking_adds_once_and_refuses_another_customer() {
    let mut links = vec![link(OWN_TENANT, LinkKind::Reseller)];
    assert_eq!(
        link_partner(CUSTOMER_TENANT, &mut links, link(OTHER_TENANT, LinkKind::Gdap)).unwrap(),
        LinkOutcome::Added
    );
    assert_eq!(
        link_partner(CUSTOMER_TENANT, &mut links, link(OTHER_TENANT, LinkKind::Gdap)).unwrap(),
        LinkOutcome::AlreadyLinked
    );
    let mut scoped = link(OTHER_TENANT, LinkKind::Gdap);
    scoped.scope = Some("Azure".into());
    assert_eq!(link_partner(CUSTOMER_TENANT, &mut links, scoped).unwrap(), LinkOutcome::Added);
    assert_eq!(links.len(), 3);

    let mut elsewhere = link(OTHER_TENANT, LinkKind::Pal);
    elsewhere.customer_tenant_id = "someone-else".into();
    assert_eq!(link_partner(CUSTOMER_TENANT, &mut links, elsewhere).unwrap_err().field, "customer tenant id");
    assert_eq!(link_partner(CUSTOMER_TENANT, &mut links, link(" ", LinkKind::Pal)).unwrap_err().field, "partner id");
    assert_eq!(links.len(), 3);
}
