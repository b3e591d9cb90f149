//! Recreates the bundled sample studies bit-for-bit from a fixed seed:
//!
//!     cargo run --example generate_samples            # writes samples/
//!     cargo run --example generate_samples -- OUTDIR  # writes elsewhere (tests compare)
//!
//! chongqing-tiktok: 50 videos under #Chongqing travel guide (25 Dec 2023 – 26 Feb 2024), TikTok
//! scraper columns, a thumbnail each, and codes from three coders. Coder 1 (Li Na) codes the
//! published distributions exactly (natural landscape 42%; positive 72%, neutral 22%, negative
//! 6%); the other two disagree on a fixed number of units per variable.
//! shenzhen-douyin: 2,580 videos of 13 government accounts, Douyin scraper columns, engagement
//! fitted to the published summary (ranges, means, shares under 500).

use std::error::Error;
use std::path::{Path, PathBuf};

use rand::seq::SliceRandom;
use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;

type Result<T> = std::result::Result<T, Box<dyn Error>>;

#[allow(dead_code)] // Tests include this file for `generate` only.
fn main() -> Result<()> {
    let out = std::env::args().nth(1).map_or_else(
        || PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("samples"),
        PathBuf::from,
    );
    generate(&out)?;
    println!("wrote {}", out.display());
    Ok(())
}

pub fn generate(out: &Path) -> Result<()> {
    chongqing(&out.join("chongqing-tiktok"))?;
    shenzhen(&out.join("shenzhen-douyin"))?;
    Ok(())
}

/// Spreads `total` over `weights` as whole numbers (largest remainder).
fn allocate(total: usize, weights: &[f64]) -> Vec<usize> {
    let sum: f64 = weights.iter().sum();
    let exact: Vec<f64> = weights.iter().map(|w| w / sum * total as f64).collect();
    let mut counts: Vec<usize> = exact.iter().map(|x| x.floor() as usize).collect();
    let mut order: Vec<usize> = (0..weights.len()).collect();
    order.sort_by(|&a, &b| (exact[b] - exact[b].floor()).total_cmp(&(exact[a] - exact[a].floor())));
    let missing = total - counts.iter().sum::<usize>();
    for &i in order.iter().take(missing) {
        counts[i] += 1;
    }
    counts
}

/// A shuffled list holding each category `counts[i]` times.
fn categories(rng: &mut ChaCha8Rng, codes: &[i64], counts: &[usize]) -> Vec<i64> {
    let mut list: Vec<i64> = codes
        .iter()
        .zip(counts)
        .flat_map(|(&code, &n)| std::iter::repeat_n(code, n))
        .collect();
    list.shuffle(rng);
    list
}

/// A copy of `truth` that differs on exactly `k` units, each changed by `change`.
fn disagree(
    rng: &mut ChaCha8Rng,
    truth: &[i64],
    k: usize,
    change: impl Fn(&mut ChaCha8Rng, i64) -> i64,
) -> Vec<i64> {
    let mut units: Vec<usize> = (0..truth.len()).collect();
    units.shuffle(rng);
    let mut copy = truth.to_vec();
    for &unit in units.iter().take(k) {
        copy[unit] = change(rng, truth[unit]);
    }
    copy
}

fn other_of(codes: &'static [i64]) -> impl Fn(&mut ChaCha8Rng, i64) -> i64 {
    move |rng, current| loop {
        let pick = codes[rng.random_range(0..codes.len())];
        if pick != current {
            return pick;
        }
    }
}

fn neighbour(low: i64, high: i64) -> impl Fn(&mut ChaCha8Rng, i64) -> i64 {
    move |rng, current| {
        if current == low {
            current + 1
        } else if current == high || rng.random_bool(0.5) {
            current - 1
        } else {
            current + 1
        }
    }
}

fn join_codes(codes: &[i64]) -> String {
    codes
        .iter()
        .map(i64::to_string)
        .collect::<Vec<_>>()
        .join(";")
}

/// A multi-select variable: each value present with its probability, `none` when nothing is.
fn multi_truth(rng: &mut ChaCha8Rng, n: usize, shares: &[(i64, f64)], none: i64) -> Vec<Vec<i64>> {
    (0..n)
        .map(|_| {
            let set: Vec<i64> = shares
                .iter()
                .filter(|(_, p)| rng.random_bool(*p))
                .map(|(code, _)| *code)
                .collect();
            if set.is_empty() { vec![none] } else { set }
        })
        .collect()
}

/// A copy of a multi-select coding where `k` units have one value added or removed.
fn multi_disagree(
    rng: &mut ChaCha8Rng,
    truth: &[Vec<i64>],
    k: usize,
    values: &[i64],
    none: i64,
) -> Vec<Vec<i64>> {
    let mut units: Vec<usize> = (0..truth.len()).collect();
    units.shuffle(rng);
    let mut copy = truth.to_vec();
    for &unit in units.iter().take(k) {
        let value = values[rng.random_range(0..values.len())];
        let set = &mut copy[unit];
        set.retain(|&c| c != none);
        if let Some(at) = set.iter().position(|&c| c == value) {
            set.remove(at);
        } else {
            set.push(value);
            set.sort_unstable();
        }
        if set.is_empty() {
            set.push(none);
        }
    }
    copy
}

struct Account {
    id: &'static str,
    source: i64,
}

const CQ_ACCOUNTS: &[Account] = &[
    Account {
        id: "chongqing_culture_tourism",
        source: 1,
    },
    Account {
        id: "cq_daily_news",
        source: 1,
    },
    Account {
        id: "visit_chongqing_official",
        source: 1,
    },
    Account {
        id: "hongyadong_scenic",
        source: 2,
    },
    Account {
        id: "cq_happy_travel_agency",
        source: 2,
    },
    Account {
        id: "wulong_karst_park",
        source: 2,
    },
    Account {
        id: "xiaoyu_in_cq",
        source: 3,
    },
    Account {
        id: "mountain_city_walker",
        source: 3,
    },
    Account {
        id: "laowang_eats",
        source: 3,
    },
    Account {
        id: "backpacker_jun",
        source: 3,
    },
    Account {
        id: "amy_travels_asia",
        source: 3,
    },
    Account {
        id: "hotpot_queen_lily",
        source: 4,
    },
    Account {
        id: "max_goes_east",
        source: 4,
    },
    Account {
        id: "cyber_city_vlog",
        source: 4,
    },
];

const CQ_CAPTIONS: [&[&str]; 5] = [
    &[
        "长江与嘉陵江交汇，朝天门的江景太震撼了 #重庆旅游攻略 #山城",
        "武隆天生三桥，比电影里还壮观！#重庆旅游攻略 #Chongqing",
        "南山一棵树观景台看日落，整座山城都是金色的 #重庆旅游攻略",
        "Wulong Karst: three natural bridges you have to see #ChongqingTravelGuide",
        "缙云山的云海，凌晨五点起床值了 #重庆旅游攻略 #自然风光",
        "Sunrise over the Yangtze from Nanshan, worth the 5am alarm #Chongqing",
        "金佛山冬天的雾凇，美得像童话 #重庆旅游攻略",
    ],
    &[
        "磁器口古镇三千年的故事，一条石板路走完半部重庆史 #重庆旅游攻略",
        "大足石刻，千年前的工匠太厉害了 #重庆旅游攻略 #历史文化",
        "Ciqikou ancient town: 1,000 years in one street #ChongqingTravelGuide",
        "川剧变脸近距离看，一秒换一张脸！#重庆旅游攻略 #非遗",
        "湖广会馆里的老重庆记忆 #重庆旅游攻略",
    ],
    &[
        "李子坝轻轨穿楼而过，8D魔幻城市名不虚传 #重庆旅游攻略 #8D魔幻",
        "洪崖洞夜景，千与千寻既视感 #重庆旅游攻略 #夜景",
        "Liziba station: the train goes THROUGH the building #ChongqingTravelGuide",
        "解放碑跨年夜，人山人海但值得 #重庆旅游攻略",
        "长江索道上看渝中半岛，赛博朋克感拉满 #重庆旅游攻略 #赛博朋克",
        "Cyberpunk vibes at night in Yuzhong #Chongqing #TravelGuide",
        "十八梯的台阶和老街，爬完腿软但太好拍了 #重庆旅游攻略 #山城",
    ],
    &[
        "重庆火锅排名前五，本地人推荐 #重庆旅游攻略 #美食",
        "一碗重庆小面开启新的一天 #重庆旅游攻略 #小面",
        "Trying the spiciest hotpot in Chongqing (I cried) #ChongqingFood",
        "好吃街逛吃逛吃，酸辣粉、冰粉、烤脑花 #重庆旅游攻略 #美食",
        "Chongqing street food tour under 100 yuan #ChongqingTravelGuide",
    ],
    &[
        "重庆地铁换乘攻略，别再坐错方向了 #重庆旅游攻略",
        "Where to stay in Chongqing: 3 areas compared #ChongqingTravelGuide",
    ],
];

fn chongqing(dir: &Path) -> Result<()> {
    let mut rng = ChaCha8Rng::seed_from_u64(20231225);
    let n = 50;
    std::fs::create_dir_all(dir.join("media"))?;
    // Coder 1's distributions are the published ones.
    let themes = categories(&mut rng, &[1, 2, 3, 4, 9], &[21, 8, 12, 7, 2]);
    let emotions = categories(&mut rng, &[3, 2, 1], &[36, 11, 3]);
    let attitudes = categories(&mut rng, &[3, 2, 1], &[31, 14, 5]);
    let shooting = multi_truth(&mut rng, n, &[(1, 0.4), (2, 0.55), (3, 0.3)], 9);
    let narrative = multi_truth(&mut rng, n, &[(1, 0.35), (2, 0.25), (3, 0.8)], 9);

    let start = 1_703_462_400_i64; // 2023-12-25 00:00:00 UTC
    let end = 1_708_992_000_i64; // 2024-02-27 00:00:00 UTC
    let mut units = csv::Writer::from_path(dir.join("units.csv"))?;
    units.write_record([
        "id",
        "desc",
        "createTime",
        "author",
        "diggCount",
        "commentCount",
        "shareCount",
        "collectCount",
        "playCount",
        "duration",
        "webVideoUrl",
        "media",
    ])?;
    let mut sources = Vec::with_capacity(n);
    let mut ids = Vec::with_capacity(n);
    for (index, &theme) in themes.iter().enumerate() {
        let id = format!(
            "73{:017}",
            rng.random_range(10_000_000_000_000_000u64..99_999_999_999_999_999)
        );
        let account = &CQ_ACCOUNTS[rng.random_range(0..CQ_ACCOUNTS.len())];
        sources.push(account.source);
        let pool = CQ_CAPTIONS[match theme {
            9 => 4,
            t => (t - 1) as usize,
        }];
        let caption = pool[rng.random_range(0..pool.len())];
        let likes = (10f64.powf(rng.random_range(2.3..5.7))) as i64;
        let comments = (likes as f64 * rng.random_range(0.01..0.08)) as i64 + 5;
        let shares = (likes as f64 * rng.random_range(0.005..0.15)) as i64;
        let collects = (likes as f64 * rng.random_range(0.02..0.3)) as i64;
        let plays = likes * rng.random_range(8..40);
        let file = format!("media/{id}.png");
        thumbnail(&mut rng, theme, index).save(dir.join(&file))?;
        units.write_record([
            id.clone(),
            caption.to_owned(),
            rng.random_range(start..end).to_string(),
            account.id.to_owned(),
            likes.to_string(),
            comments.to_string(),
            shares.to_string(),
            collects.to_string(),
            plays.to_string(),
            rng.random_range(8..181).to_string(),
            format!("https://www.tiktok.com/@{}/video/{id}", account.id),
            file,
        ])?;
        ids.push(id);
    }
    units.flush()?;

    let coders = ["Li Na", "Wang Hao", "Chen Yu"];
    let theme_codes: &'static [i64] = &[1, 2, 3, 4, 9];
    let source_codes: &'static [i64] = &[1, 2, 3, 4];
    let coded = [
        (
            themes.clone(),
            disagree(&mut rng, &themes, 6, other_of(theme_codes)),
            disagree(&mut rng, &themes, 8, other_of(theme_codes)),
        ),
        (
            emotions.clone(),
            disagree(&mut rng, &emotions, 3, neighbour(1, 3)),
            disagree(&mut rng, &emotions, 4, neighbour(1, 3)),
        ),
        (
            sources.clone(),
            disagree(&mut rng, &sources, 5, other_of(source_codes)),
            disagree(&mut rng, &sources, 7, other_of(source_codes)),
        ),
        (
            attitudes.clone(),
            disagree(&mut rng, &attitudes, 4, neighbour(1, 3)),
            disagree(&mut rng, &attitudes, 6, neighbour(1, 3)),
        ),
    ];
    let single_keys = ["theme", "emotion", "source", "comment_attitude"];
    let multi = [
        (
            "shooting",
            shooting.clone(),
            multi_disagree(&mut rng, &shooting, 7, &[1, 2, 3], 9),
            multi_disagree(&mut rng, &shooting, 9, &[1, 2, 3], 9),
        ),
        (
            "narrative",
            narrative.clone(),
            multi_disagree(&mut rng, &narrative, 6, &[1, 2, 3], 9),
            multi_disagree(&mut rng, &narrative, 8, &[1, 2, 3], 9),
        ),
    ];
    let metadata = csv::Reader::from_path(dir.join("units.csv"))?
        .records()
        .collect::<std::result::Result<Vec<_>, _>>()?;
    let mut codes = csv::Writer::from_path(dir.join("codes.csv"))?;
    codes.write_record(["unit_id", "coder", "variable", "value", "note"])?;
    for (u, id) in ids.iter().enumerate() {
        for (c, coder) in coders.iter().enumerate() {
            let pick = |triple: &(Vec<i64>, Vec<i64>, Vec<i64>)| match c {
                0 => triple.0[u],
                1 => triple.1[u],
                _ => triple.2[u],
            };
            for (key, triple) in single_keys.iter().zip(&coded).take(3) {
                codes.write_record([id, *coder, key, &pick(triple).to_string(), ""])?;
            }
            for (key, first, second, third) in &multi {
                let set = [first, second, third][c];
                codes.write_record([id, *coder, key, &join_codes(&set[u]), ""])?;
            }
            // Interaction counts are copied from the metadata, as the desk pre-fills them.
            for (key, column) in [("likes", 4), ("comments", 5), ("reposts", 6)] {
                codes.write_record([id, *coder, key, &metadata[u][column], ""])?;
            }
            let note = if c == 2 && u % 17 == 3 {
                "caption and music disagree; coded the caption"
            } else {
                ""
            };
            codes.write_record([
                id,
                *coder,
                "comment_attitude",
                &pick(&coded[3]).to_string(),
                note,
            ])?;
        }
    }
    codes.flush()?;
    Ok(())
}

/// A 90 × 160 portrait poster: sky, a skyline or ridge line, and a ground band in theme colours.
fn thumbnail(rng: &mut ChaCha8Rng, theme: i64, index: usize) -> image::RgbImage {
    let (sky, land, ground): ([u8; 3], [u8; 3], [u8; 3]) = match theme {
        1 => ([135, 190, 230], [60, 120, 70], [40, 90, 140]),
        2 => ([220, 200, 170], [130, 70, 40], [90, 60, 40]),
        3 => ([30, 20, 70], [200, 60, 160], [20, 200, 220]),
        4 => ([250, 220, 150], [200, 50, 30], [240, 140, 30]),
        _ => ([180, 180, 190], [110, 110, 120], [80, 80, 90]),
    };
    let jagged = theme == 3 || theme == 2;
    let base = 70 + (index % 5) as u32 * 6;
    let mut heights = Vec::with_capacity(90);
    let mut h = base as i32;
    for x in 0..90 {
        if jagged && x % 9 == 0 {
            h = base as i32 - rng.random_range(0..40);
        } else if !jagged {
            h = (h + rng.random_range(-2..3)).clamp(40, 110);
        }
        heights.push(h as u32);
    }
    image::RgbImage::from_fn(90, 160, |x, y| {
        let colour = if y >= 125 {
            ground
        } else if y >= heights[x as usize] {
            land
        } else {
            sky
        };
        image::Rgb(colour)
    })
}

const SZ_ACCOUNTS: &[(&str, &[&str])] = &[
    (
        "深圳新闻网",
        &[
            "{place}新地标亮相，市民纷纷打卡",
            "深圳{year}年民生实事进展一览",
        ],
    ),
    (
        "第一现场",
        &[
            "{place}突发：热心市民合力救人",
            "暴雨中的{place}，他们逆行而上",
        ],
    ),
    (
        "深圳卫视",
        &["深圳湾的日落，美到窒息", "一分钟看{place}四十年巨变"],
    ),
    (
        "深圳交警",
        &[
            "深圳交警提醒：{place}路段施工请绕行",
            "斑马线前礼让行人，深圳做到了",
        ],
    ),
    (
        "深圳公安",
        &[
            "{place}警方破获电诈案，追回损失",
            "深圳公安：反诈知识你get了吗",
        ],
    ),
    (
        "深圳特区报",
        &[
            "来了就是深圳人：{place}的奋斗故事",
            "特区{year}：创新之城再出发",
        ],
    ),
    (
        "深圳卫健委",
        &[
            "深圳卫健委：{place}新增社康中心",
            "健康深圳，从每天一万步开始",
        ],
    ),
    (
        "深圳网警",
        &["网警提示：这些链接千万别点", "{place}网民造谣被依法处理"],
    ),
    (
        "深圳特警",
        &[
            "深圳特警{place}实战演练，帅气！",
            "凌晨的{place}，特警守护你",
        ],
    ),
    (
        "正午30分",
        &[
            "正午30分：{place}市民热议的新规",
            "午间速览：{place}今日要闻",
        ],
    ),
    (
        "爱游深圳",
        &[
            "{place}周末去哪玩？这份攻略请收好",
            "深圳小众景点：{place}的秘密花园",
        ],
    ),
    (
        "深视新闻",
        &[
            "深视新闻：{place}地铁新线开通",
            "{place}夜经济点亮城市烟火气",
        ],
    ),
    (
        "深圳卫视军情直播间",
        &[
            "军情直播间：今天聊聊{place}的海防故事",
            "军迷必看：深圳的国防教育基地",
        ],
    ),
];

const SZ_PLACES: &[&str] = &[
    "福田",
    "南山",
    "罗湖",
    "宝安",
    "龙岗",
    "前海",
    "深圳湾",
    "华强北",
    "大梅沙",
    "光明",
    "坪山",
    "盐田",
];

/// Whole numbers with a fixed minimum and maximum, an exact mean, and (optionally) exactly
/// `under.1` values below `under.0`; heavy-tailed above it.
fn fitted(
    rng: &mut ChaCha8Rng,
    n: usize,
    min: i64,
    max: i64,
    mean: f64,
    under: (i64, usize),
) -> Vec<i64> {
    let (threshold, below) = under;
    let mut values = vec![min, max];
    for _ in 0..below - 1 {
        let u: f64 = rng.random();
        values.push(min + ((threshold - min) as f64 * u * u) as i64);
    }
    let rest = n - values.len();
    let raw: Vec<f64> = (0..rest)
        .map(|_| (rng.random_range(-1.0f64..1.0) * 2.2).exp() * rng.random_range(0.2f64..1.0))
        .collect();
    let target: f64 = mean * n as f64 - values.iter().sum::<i64>() as f64;
    let total = |scale: f64| {
        raw.iter()
            .map(|r| (threshold as f64 + scale * r).min(max as f64 - 1.0))
            .sum::<f64>()
    };
    let (mut low, mut high) = (0.0, max as f64);
    for _ in 0..200 {
        let middle = (low + high) / 2.0;
        if total(middle) < target {
            low = middle
        } else {
            high = middle
        }
    }
    values.extend(
        raw.iter()
            .map(|r| (threshold as f64 + low * r).min(max as f64 - 1.0).round() as i64),
    );
    // Put the rounding remainder on the largest value that can take it, so the mean is exact.
    let remainder = (mean * n as f64).round() as i64 - values.iter().sum::<i64>();
    if let Some(slot) = (2..values.len())
        .filter(|&i| values[i] >= threshold)
        .max_by_key(|&i| values[i])
    {
        values[slot] = (values[slot] + remainder).clamp(threshold, max - 1);
    }
    values.shuffle(rng);
    values
}

fn shenzhen(dir: &Path) -> Result<()> {
    let mut rng = ChaCha8Rng::seed_from_u64(20231031);
    std::fs::create_dir_all(dir)?;
    let per_account: Vec<usize> = (0..SZ_ACCOUNTS.len())
        .map(|i| if i == 12 { 180 } else { 200 })
        .collect();
    let n: usize = per_account.iter().sum();
    let durations = fitted(&mut rng, n, 4, 640, 56.0, (21, (n as f64 * 0.55) as usize));
    let likes = fitted(&mut rng, n, 122, 73_450_000, 116_000.0, (122, 1));
    let favorites = fitted(
        &mut rng,
        n,
        0,
        108_000,
        989.0,
        (500, (n as f64 * 0.638).round() as usize),
    );
    let shares = fitted(
        &mut rng,
        n,
        0,
        385_000,
        6_552.0,
        (300, (n as f64 * 0.5) as usize),
    );
    let comments = fitted(
        &mut rng,
        n,
        0,
        714_000,
        8_103.0,
        (500, (n as f64 * 0.604).round() as usize),
    );
    let years = allocate(n, &[4.0, 9.0, 15.0, 21.0, 25.0, 16.0, 10.0]);
    let mut year_of: Vec<i32> = years
        .iter()
        .enumerate()
        .flat_map(|(i, &k)| std::iter::repeat_n(2017 + i as i32, k))
        .collect();
    year_of.shuffle(&mut rng);

    let mut out = csv::Writer::from_path(dir.join("units.csv"))?;
    out.write_record([
        "aweme_id",
        "nickname",
        "desc",
        "create_time",
        "duration_ms",
        "digg_count",
        "comment_count",
        "share_count",
        "collect_count",
        "share_url",
    ])?;
    let mut row = 0;
    for (account, &count) in SZ_ACCOUNTS.iter().zip(&per_account) {
        for _ in 0..count {
            let id = format!(
                "6{:018}",
                rng.random_range(100_000_000_000_000_000u64..999_999_999_999_999_999)
            );
            let year = year_of[row];
            let last_month = if year == 2023 { 10 } else { 12 };
            let date = format!(
                "{year}-{:02}-{:02} {:02}:{:02}:{:02}",
                rng.random_range(1..=last_month),
                rng.random_range(1..=28),
                rng.random_range(7..23),
                rng.random_range(0..60),
                rng.random_range(0..60)
            );
            let template = account.1[rng.random_range(0..account.1.len())];
            let caption = template
                .replace("{place}", SZ_PLACES[rng.random_range(0..SZ_PLACES.len())])
                .replace("{year}", &year.to_string());
            out.write_record([
                id.clone(),
                account.0.to_owned(),
                caption,
                date,
                (durations[row] * 1000).to_string(),
                likes[row].to_string(),
                comments[row].to_string(),
                shares[row].to_string(),
                favorites[row].to_string(),
                format!("https://www.douyin.com/video/{id}"),
            ])?;
            row += 1;
        }
    }
    out.flush()?;
    Ok(())
}
