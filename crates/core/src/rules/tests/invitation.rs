use super::fixtures::OWN_TENANT;
use crate::cloud::Cloud;
use crate::rules::catalogue::RuleId;
use crate::rules::invitation::{INVITATION_HOSTS, InvitationError, invitation_host, invitation_link};

#[test]
fn the_global_link_is_exactly_the_one_partner_center_gives() {
    assert_eq!(
        invitation_link(Cloud::Global, OWN_TENANT, true).unwrap(),
        format!(
            "https://admin.microsoft.com/Adminportal/Home?invType=ResellerRelationship&partnerId={OWN_TENANT}&msppId=0&DAP=true#/BillingAccounts/partner-invitation"
        )
    );
    let without = invitation_link(Cloud::Global, &format!("{{{}}}", OWN_TENANT.to_uppercase()), false).unwrap();
    assert!(without.contains(&format!("partnerId={OWN_TENANT}&msppId=0&DAP=false#")), "{without}");
}

#[test]
fn each_cloud_has_its_own_admin_portal_host() {
    assert_eq!(INVITATION_HOSTS.len(), Cloud::ALL.len());
    for cloud in Cloud::ALL {
        let link = invitation_link(cloud, OWN_TENANT, true).unwrap();
        assert!(link.starts_with(&format!("https://{}/Adminportal/Home?", invitation_host(cloud))), "{link}");
    }
    assert_eq!(invitation_host(Cloud::UsGov), "portal.office365.us");
    assert_eq!(invitation_host(Cloud::Germany), "portal.office.de");
    assert_eq!(invitation_host(Cloud::China), "portal.partner.microsoftonline.cn");
}

#[test]
fn nc3_no_link_without_delegated_admin_in_us_gov_or_germany() {
    for cloud in [Cloud::UsGov, Cloud::Germany] {
        let err = invitation_link(cloud, OWN_TENANT, false).unwrap_err();
        assert_eq!(err, InvitationError::NotOffered { cloud, rule: RuleId::Nc3 });
        assert!(err.to_string().contains("NC-3"), "{err}");
    }
    assert!(invitation_link(Cloud::China, OWN_TENANT, false).is_ok());
}

#[test]
fn a_malformed_tenant_id_is_refused() {
    let err = invitation_link(Cloud::Global, "contoso", true).unwrap_err();
    assert!(matches!(err, InvitationError::InvalidTenant(ref e) if e.field == "partner tenant id"), "{err:?}");
}
