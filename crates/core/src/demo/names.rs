//! Company names in the scripts our users work in, each with a romanised key
//! for domains.

use super::rng::Rng;
use crate::cloud::Cloud;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Script {
    Latin,
    Japanese,
    Chinese,
    Cyrillic,
}

const LATIN_BRANDS: &[&str] = &[
    "Contoso",
    "Fabrikam",
    "Northwind",
    "Tailspin",
    "Woodgrove",
    "Adventure Works",
    "Litware",
    "Proseware",
    "Wide World",
    "Alpine Ski House",
    "Coho",
    "Fourth Coffee",
    "Lamna",
    "Margie's Travel",
    "Trey Research",
    "VanArsdel",
    "Wingtip",
    "Blue Yonder",
    "Humongous",
    "Relecloud",
    "Bellows",
    "Datum",
    "Lucerne",
    "Munson's",
];
const LATIN_TRADES: &[&str] = &[
    "Pharma",
    "Logistics",
    "Retail",
    "Healthcare",
    "Engineering",
    "Foods",
    "Insurance",
    "Energy",
    "Legal",
    "Media",
    "Bank",
    "Motors",
    "Labs",
    "Hotels",
    "Builders",
];
const LATIN_SUFFIXES: &[&str] = &["Ltd", "Inc.", "LLC", "GmbH", "AG", "S.A.", "B.V.", "plc", "Oy", "S.r.l."];

const JAPANESE_BRANDS: &[(&str, &str)] = &[
    ("さくら", "sakura"),
    ("富士", "fuji"),
    ("東京", "tokyo"),
    ("大阪", "osaka"),
    ("北海道", "hokkaido"),
    ("みらい", "mirai"),
    ("ひかり", "hikari"),
    ("青葉", "aoba"),
    ("横浜", "yokohama"),
    ("京都", "kyoto"),
];
const JAPANESE_TRADES: &[(&str, &str)] = &[
    ("商事", "shoji"),
    ("テクノロジー", "tech"),
    ("データ", "data"),
    ("ロジスティクス", "logistics"),
    ("フーズ", "foods"),
    ("建設", "kensetsu"),
    ("製薬", "seiyaku"),
    ("電機", "denki"),
    ("システムズ", "systems"),
];

const CHINESE_BRANDS: &[(&str, &str)] = &[
    ("台灣雲端", "twcloud"),
    ("新竹", "hsinchu"),
    ("高雄", "kaohsiung"),
    ("臺北", "taipei"),
    ("永福", "yongfu"),
    ("鴻運", "hongyun"),
    ("華星", "huaxing"),
    ("長榮", "changrong"),
    ("大同", "datong"),
    ("光華", "guanghua"),
];
const CHINESE_TRADES: &[(&str, &str)] = &[
    ("科技", "tech"),
    ("半導體", "semi"),
    ("航運", "shipping"),
    ("資訊", "info"),
    ("貿易", "trading"),
    ("醫療", "medical"),
    ("電子", "electronics"),
    ("食品", "foods"),
    ("建設", "build"),
];

const CYRILLIC_BRANDS: &[(&str, &str)] = &[
    ("Северные", "severnye"),
    ("Сибирь", "sibir"),
    ("Волга", "volga"),
    ("Уральские", "uralskie"),
    ("Балкан", "balkan"),
    ("Алатау", "alatau"),
    ("Дунав", "dunav"),
    ("Карпаты", "karpaty"),
    ("Байкал", "baikal"),
];
const CYRILLIC_TRADES: &[(&str, &str)] = &[
    ("технологии", "tech"),
    ("Телеком", "telecom"),
    ("Софт", "soft"),
    ("системы", "systems"),
    ("Логистика", "logistika"),
    ("Энерго", "energo"),
    ("Фарм", "farm"),
    ("Строй", "stroy"),
];
const CYRILLIC_FORMS: &[&str] = &["ООО", "АО", "ТОО", "ДОО", "ЕООД"];

/// Which scripts a cloud's customers are named in, by weight.
pub fn script_mix(cloud: Cloud) -> &'static [(Script, u32)] {
    match cloud {
        Cloud::Global => &[(Script::Latin, 55), (Script::Japanese, 15), (Script::Chinese, 15), (Script::Cyrillic, 15)],
        Cloud::UsGov => &[(Script::Latin, 100)],
        Cloud::Germany => &[(Script::Latin, 90), (Script::Cyrillic, 5), (Script::Japanese, 5)],
        Cloud::China => &[(Script::Chinese, 85), (Script::Latin, 15)],
    }
}

pub fn country(script: Script, cloud: Cloud, rng: &mut Rng) -> &'static str {
    let choices: &[&'static str] = match (cloud, script) {
        (Cloud::UsGov, _) => &["US"],
        (Cloud::Germany, _) => &["DE"],
        (Cloud::China, _) => &["CN"],
        (_, Script::Latin) => &["US", "GB", "DE", "FR", "NL", "AU", "CA", "IE"],
        (_, Script::Japanese) => &["JP"],
        (_, Script::Chinese) => &["TW", "HK"],
        (_, Script::Cyrillic) => &["KZ", "RS", "BG", "UA"],
    };
    choices[rng.below(choices.len())]
}

/// A company name and the romanised stem used for its domain.
pub fn company(script: Script, rng: &mut Rng) -> (String, String) {
    match script {
        Script::Latin => {
            let brand = rng.pick(LATIN_BRANDS);
            let trade = rng.pick(LATIN_TRADES);
            let suffix = rng.pick(LATIN_SUFFIXES);
            (format!("{brand} {trade} {suffix}"), slug(&format!("{brand}{trade}")))
        }
        Script::Japanese => {
            let (brand, b) = rng.pick(JAPANESE_BRANDS);
            let (trade, t) = rng.pick(JAPANESE_TRADES);
            let name = if rng.chance(500) {
                format!("株式会社{brand}{trade}")
            } else {
                format!("{brand}{trade}株式会社")
            };
            (name, format!("{b}{t}"))
        }
        Script::Chinese => {
            let (brand, b) = rng.pick(CHINESE_BRANDS);
            let (trade, t) = rng.pick(CHINESE_TRADES);
            (format!("{brand}{trade}股份有限公司"), format!("{b}{t}"))
        }
        Script::Cyrillic => {
            let (brand, b) = rng.pick(CYRILLIC_BRANDS);
            let (trade, t) = rng.pick(CYRILLIC_TRADES);
            let form = rng.pick(CYRILLIC_FORMS);
            (format!("{form} «{brand} {trade}»"), format!("{b}{t}"))
        }
    }
}

/// A partner organisation's name (partners are named in Latin script).
pub fn partner_name(rng: &mut Rng, index: usize) -> String {
    const KINDS: &[&str] = &["Cloud Services", "IT Partners", "Consulting", "Solutions", "Managed Services", "Digital"];
    format!("{} {} {}", rng.pick(LATIN_BRANDS), rng.pick(KINDS), index + 1)
}

fn slug(text: &str) -> String {
    text.chars().filter(|c| c.is_ascii_alphanumeric()).flat_map(char::to_lowercase).collect()
}
