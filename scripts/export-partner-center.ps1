<#
.SYNOPSIS
    Exports what Partner Desk reads from Partner Center into one folder.

.DESCRIPTION
    Writes the export folder layout documented in docs/formats.md, which Partner
    Desk imports with `partner-desk-cli import <folder>` or from the app:

        manifest.json                              written last: a folder without it is incomplete
        customers.json                             GET /v1/customers
        customers/<tenantId>/customer.json         GET /v1/customers/{id} (unless -SkipCustomerDetails)
        customers/<tenantId>/subscriptions.json    GET /v1/customers/{id}/subscriptions
        customers/<tenantId>/relationships.json    GET /v1/customers/{id}/relationships (global cloud only)
        relationships/indirect-resellers.json      GET /v1/relationships?relationship_type=IsIndirectCloudSolutionProviderOf
        relationships/indirect-providers.json      GET /v1/relationships?relationship_type=IsIndirectResellerOf (needs -PartnerCenterAccessToken)
        gdap.json                                  Graph: GET /v1.0/tenantRelationships/delegatedAdminRelationships
        relationship-request.json                  GET /v1/customers/relationshiprequests

    Uses the public PartnerCenter PowerShell module (Install-Module PartnerCenter)
    and, for GDAP, Microsoft.Graph.Authentication (Install-Module Microsoft.Graph.Authentication).
    The module returns its own objects (PascalCase, enums, DateTime); this script
    writes them back in the REST API's JSON shape, which is what Partner Desk reads.
    Every file is UTF-8 without a byte order mark.

    The module has no cmdlet for the indirect providers list; pass a Partner Center
    access token with -PartnerCenterAccessToken to fetch it from the REST API, or
    leave the file out (it is optional).

.PARAMETER Cloud
    The Partner Center instance, as Partner Desk names it: global, us-gov, germany or china.

.PARAMETER OutputFolder
    Where to write the export. Created if missing; files already there are overwritten.

.PARAMETER PartnerTenantId
    Your own partner tenant id (a GUID); recorded in the manifest and used to sign in.

.EXAMPLE
    ./export-partner-center.ps1 -Cloud global -OutputFolder ./contoso-2026-11-20 -PartnerTenantId 8f3c1a52-4b7e-4d29-9a61-2c5e7b0d4f18
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory = $true)]
    [ValidateSet('global', 'us-gov', 'germany', 'china')]
    [string] $Cloud,

    [Parameter(Mandatory = $true)]
    [string] $OutputFolder,

    [Parameter(Mandatory = $true)]
    [ValidatePattern('^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$')]
    [string] $PartnerTenantId,

    # Skips the per-customer lookup (customer.json), the only source of allowDelegatedAccess.
    [switch] $SkipCustomerDetails,

    # Skips Microsoft Graph (gdap.json).
    [switch] $SkipGdap,

    # A Partner Center REST access token, for the lists the module has no cmdlet for.
    [string] $PartnerCenterAccessToken
)

Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'

# Partner Desk's cloud ids to the module's -Environment names.
$PartnerCenterEnvironments = @{
    'global'  = 'AzureCloud'
    'us-gov'  = 'AzureUSGovernment'
    'germany' = 'AzureGermanCloud'
    'china'   = 'AzureChinaCloud'
}
# Microsoft Graph environments; GDAP does not exist in the US Government instance (NC-4).
$GraphEnvironments = @{
    'global'  = 'Global'
    'germany' = 'Germany'
    'china'   = 'China'
}
# The indirect (two-tier) model exists only in the global cloud (NC-1).
$TwoTierClouds = @('global')
$PartnerCenterApi = 'https://api.partnercenter.microsoft.com'

$startedAt = [DateTime]::UtcNow

# ---- writing ----

function Save-ExportJson {
    param(
        [Parameter(Mandatory = $true)] [string] $RelativePath,
        [Parameter(Mandatory = $true)] [AllowNull()] $InputObject
    )
    $path = $OutputFolder
    foreach ($part in $RelativePath.Split('/')) {
        $path = Join-Path -Path $path -ChildPath $part
    }
    $directory = Split-Path -Parent $path
    New-Item -ItemType Directory -Force -Path $directory | Out-Null
    $json = ConvertTo-Json -InputObject $InputObject -Depth 20
    [System.IO.File]::WriteAllText($path, $json, [System.Text.UTF8Encoding]::new($false))
    Write-Verbose "Wrote $RelativePath"
}

# ---- shaping module objects as REST JSON ----

function Get-Value($Object, [string] $Name) {
    if ($null -eq $Object) { return $null }
    $property = $Object.PSObject.Properties[$Name]
    if ($null -eq $property) { return $null }
    return $property.Value
}

# RFC 3339 in UTC, as the REST API writes it.
function Format-Time($Value) {
    if ($null -eq $Value) { return $null }
    $time = [DateTime] $Value
    if ($time.Kind -eq [DateTimeKind]::Unspecified) { $time = [DateTime]::SpecifyKind($time, [DateTimeKind]::Utc) }
    return $time.ToUniversalTime().ToString('yyyy-MM-ddTHH:mm:ss.fffffffZ', [Globalization.CultureInfo]::InvariantCulture)
}

# Enums as text ("Reseller" -> "reseller"); ConvertTo-Json would write their numbers.
function Format-Enum($Value) {
    if ($null -eq $Value) { return $null }
    $text = [string] $Value
    if ($text.Length -eq 0) { return $text }
    return $text.Substring(0, 1).ToLowerInvariant() + $text.Substring(1)
}

function New-Link([string] $Uri) {
    return [ordered]@{ uri = $Uri; method = 'GET'; headers = @() }
}

# A complete collection: no `next` link, because the module has already followed every page.
function New-Collection($Items, [string] $SelfUri) {
    $list = @($Items)
    return [ordered]@{
        totalCount = $list.Count
        items      = $list
        links      = [ordered]@{ self = (New-Link $SelfUri) }
        attributes = [ordered]@{ objectType = 'Collection' }
    }
}

function ConvertTo-RestCustomer($Customer, [switch] $WithDelegatedAccess) {
    $id = $Customer.CustomerId
    $item = [ordered]@{
        id                    = $id
        commerceId            = Get-Value $Customer 'CommerceId'
        companyProfile        = [ordered]@{
            tenantId    = $id
            domain      = Get-Value $Customer 'Domain'
            companyName = Get-Value $Customer 'Name'
            attributes  = [ordered]@{ objectType = 'CustomerCompanyProfile' }
        }
        relationshipToPartner = Format-Enum (Get-Value $Customer 'RelationshipToPartner')
        associatedPartnerId   = Get-Value $Customer 'AssociatedPartnerId'
        links                 = [ordered]@{ self = (New-Link "/customers/$id") }
        attributes            = [ordered]@{ objectType = 'Customer' }
    }
    $address = Get-Value (Get-Value $Customer 'BillingProfile') 'DefaultAddress'
    if ($null -ne $address) {
        $item.billingProfile = [ordered]@{
            defaultAddress = [ordered]@{ country = Get-Value $address 'Country' }
            attributes     = [ordered]@{ objectType = 'CustomerBillingProfile' }
        }
    }
    $domains = Get-Value $Customer 'CustomDomains'
    if ($null -ne $domains) { $item.customDomains = @($domains) }
    # Only the single-customer lookup says this; the list leaves it out.
    if ($WithDelegatedAccess) { $item.allowDelegatedAccess = Get-Value $Customer 'AllowDelegatedAccess' }
    return $item
}

function ConvertTo-RestSubscription($Subscription, [string] $CustomerId) {
    $id = $Subscription.SubscriptionId
    $partnerId = Get-Value $Subscription 'PartnerId'
    return [ordered]@{
        id                   = $id
        offerId              = Get-Value $Subscription 'OfferId'
        offerName            = Get-Value $Subscription 'OfferName'
        friendlyName         = Get-Value $Subscription 'FriendlyName'
        quantity             = Get-Value $Subscription 'Quantity'
        unitType             = Get-Value $Subscription 'UnitType'
        creationDate         = Format-Time (Get-Value $Subscription 'CreationDate')
        effectiveStartDate   = Format-Time (Get-Value $Subscription 'EffectiveStartDate')
        commitmentEndDate    = Format-Time (Get-Value $Subscription 'CommitmentEndDate')
        status               = Format-Enum (Get-Value $Subscription 'Status')
        autoRenewEnabled     = Get-Value $Subscription 'AutoRenewEnabled'
        isTrial              = Get-Value $Subscription 'IsTrial'
        billingType          = Format-Enum (Get-Value $Subscription 'BillingType')
        billingCycle         = Format-Enum (Get-Value $Subscription 'BillingCycle')
        termDuration         = Get-Value $Subscription 'TermDuration'
        contractType         = Format-Enum (Get-Value $Subscription 'ContractType')
        partnerId            = $partnerId
        parentSubscriptionId = Get-Value $Subscription 'ParentSubscriptionId'
        orderId              = Get-Value $Subscription 'OrderId'
        links                = [ordered]@{ self = (New-Link "/customers/$CustomerId/subscriptions/$id") }
        attributes           = [ordered]@{ objectType = 'Subscription' }
    }
}

function ConvertTo-RestPartnerRelationship($Relationship) {
    return [ordered]@{
        id               = Get-Value $Relationship 'PartnerId'
        name             = Get-Value $Relationship 'Name'
        relationshipType = [string] (Get-Value $Relationship 'RelationshipType')
        state            = Get-Value $Relationship 'State'
        mpnId            = Get-Value $Relationship 'MpnId'
        location         = Get-Value $Relationship 'Location'
        attributes       = [ordered]@{ objectType = 'PartnerRelationship' }
    }
}

# ---- export ----

Import-Module PartnerCenter
Connect-PartnerCenter -Environment $PartnerCenterEnvironments[$Cloud] -Tenant $PartnerTenantId | Out-Null
New-Item -ItemType Directory -Force -Path $OutputFolder | Out-Null
$twoTier = $TwoTierClouds -contains $Cloud

$customers = @(Get-PartnerCustomer)
Save-ExportJson -RelativePath 'customers.json' -InputObject (
    New-Collection ($customers | ForEach-Object { ConvertTo-RestCustomer $_ }) '/customers')

foreach ($customer in $customers) {
    $customerId = $customer.CustomerId.ToLowerInvariant()
    Write-Progress -Activity 'Partner Center export' -Status $customerId

    if (-not $SkipCustomerDetails) {
        $details = Get-PartnerCustomer -CustomerId $customerId
        Save-ExportJson -RelativePath "customers/$customerId/customer.json" -InputObject (
            ConvertTo-RestCustomer $details -WithDelegatedAccess)
    }

    $subscriptions = @(Get-PartnerCustomerSubscription -CustomerId $customerId)
    Save-ExportJson -RelativePath "customers/$customerId/subscriptions.json" -InputObject (
        New-Collection ($subscriptions | ForEach-Object { ConvertTo-RestSubscription $_ $customerId }) "/customers/$customerId/subscriptions")

    if ($twoTier) {
        # Optional file: a partner outside the two-tier model is refused here, and then
        # writes nothing rather than an empty list that would claim "no resellers".
        try {
            $resellers = @(Get-PartnerIndirectReseller -CustomerId $customerId)
            Save-ExportJson -RelativePath "customers/$customerId/relationships.json" -InputObject (
                New-Collection ($resellers | ForEach-Object { ConvertTo-RestPartnerRelationship $_ }) "/customers/$customerId/relationships")
        }
        catch {
            Write-Warning "Indirect resellers of customer $customerId not exported: $($_.Exception.Message)"
        }
    }
}

if ($twoTier) {
    try {
        $resellers = @(Get-PartnerIndirectReseller)
        Save-ExportJson -RelativePath 'relationships/indirect-resellers.json' -InputObject (
            New-Collection ($resellers | ForEach-Object { ConvertTo-RestPartnerRelationship $_ }) '/relationships?relationship_type=IsIndirectCloudSolutionProviderOf')
    }
    catch {
        Write-Warning "Indirect resellers not exported: $($_.Exception.Message)"
    }

    if ($PartnerCenterAccessToken) {
        # No cmdlet lists the indirect providers; the REST answer is saved as it came, page by page merged.
        $headers = @{ Authorization = "Bearer $PartnerCenterAccessToken"; Accept = 'application/json' }
        $uri = "$PartnerCenterApi/v1/relationships?relationship_type=IsIndirectResellerOf"
        $page = Invoke-RestMethod -Method Get -Uri $uri -Headers $headers
        $providers = @($page.items)
        while ($null -ne (Get-Value (Get-Value $page 'links') 'next')) {
            $headers['MS-ContinuationToken'] = ($page.links.next.headers | Where-Object { $_.key -eq 'MS-ContinuationToken' }).value
            $page = Invoke-RestMethod -Method Get -Uri "$PartnerCenterApi/v1/$($page.links.next.uri.TrimStart('/'))" -Headers $headers
            $providers += @($page.items)
        }
        Save-ExportJson -RelativePath 'relationships/indirect-providers.json' -InputObject (
            New-Collection $providers '/relationships?relationship_type=IsIndirectResellerOf')
    }
}

if (-not $SkipGdap -and $GraphEnvironments.ContainsKey($Cloud)) {
    Import-Module Microsoft.Graph.Authentication
    Connect-MgGraph -Environment $GraphEnvironments[$Cloud] -TenantId $PartnerTenantId -Scopes 'DelegatedAdminRelationship.Read.All' -NoWelcome
    # Every page, so the file lists all relationships (no @odata.nextLink left in it).
    $uri = '/v1.0/tenantRelationships/delegatedAdminRelationships'
    $relationships = @()
    $context = $null
    while ($uri) {
        $page = Invoke-MgGraphRequest -Method GET -Uri $uri -OutputType PSObject
        if ($null -eq $context) { $context = Get-Value $page '@odata.context' }
        $relationships += @(Get-Value $page 'value')
        $uri = Get-Value $page '@odata.nextLink'
    }
    Save-ExportJson -RelativePath 'gdap.json' -InputObject ([ordered]@{ '@odata.context' = $context; value = $relationships })
}

$request = Get-PartnerResellerRequestLink
Save-ExportJson -RelativePath 'relationship-request.json' -InputObject ([ordered]@{
        url        = $request.Url
        attributes = [ordered]@{ objectType = 'RelationshipRequest' }
    })

# Last: a folder with a manifest is a finished export.
Save-ExportJson -RelativePath 'manifest.json' -InputObject ([ordered]@{
        format          = 'partner-center-export'
        version         = 1
        cloud           = $Cloud
        partnerTenantId = $PartnerTenantId.ToLowerInvariant()
        exportedAt      = Format-Time $startedAt
    })

Write-Host "Export written to $OutputFolder"
