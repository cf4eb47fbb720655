import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../api';
import { useEngineText } from '../engineText';
import { useFormatters } from '../format';
import type { ProfileSummary } from '../generated/bindings';
import { RuleBadge } from './RuleBits';

/** Indirect resellers and providers with their customer counts; elsewhere than global, why not (NC-1). */
export function PartnerNetwork({ profile }: { profile: ProfileSummary }) {
  const { t } = useTranslation();
  const text = useEngineText();
  const format = useFormatters();
  const network = useQuery({
    queryKey: ['partner-network', profile.id],
    queryFn: () => api.partnerNetwork(profile.id),
  });
  const data = network.data;
  return (
    <section className="network-view" data-testid="network-view" aria-label={t('customers.tabs.network')}>
      {data?.unavailable && (
        <p className="panel" data-testid="network-unavailable" data-rule={data.unavailable.rule}>
          <RuleBadge rule={data.unavailable.rule} /> {text(data.unavailable)}
        </p>
      )}
      {data && !data.unavailable && data.partners.length === 0 && <p className="muted">{t('network.empty')}</p>}
      {data && data.partners.length > 0 && (
        <div className="table-scroll">
          <table className="data-table">
            <caption className="visually-hidden">{t('customers.tabs.network')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('network.columns.partner')}</th>
                <th scope="col">{t('network.columns.mpnId')}</th>
                <th scope="col">{t('network.columns.role')}</th>
                <th scope="col" className="num">
                  {t('network.columns.customers')}
                </th>
              </tr>
            </thead>
            <tbody>
              {data.partners.map((partner) => (
                <tr key={partner.id} data-testid="network-partner">
                  <th scope="row" className="cell-name">
                    {partner.name}
                    {partner.location && <span className="cell-sub muted">{partner.location}</span>}
                  </th>
                  <td className="mono">{partner.mpn_id ?? ''}</td>
                  <td>
                    {partner.relationship_types
                      .map((type) => t(`network.types.${type}`, { defaultValue: type }))
                      .join(', ')}
                  </td>
                  <td className="num">{format.number(partner.customers)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
