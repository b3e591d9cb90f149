# 报告、方法部分文本与导出文件的消息。

## src/model.rs
level-nominal = 定类
level-ordinal = 定序
level-interval = 定距
level-ratio = 定比
kind-single = 单选
kind-multi = 多选
kind-number = 数值
kind-text = 文本

## src/charts.rs
chart-units = 单元数
chart-log-scale = (对数刻度)

## src/analysis/items.rs
chart-by = 按{ $by }分组的{ $field }
chart-distribution = { $field }的分布
chart-units-per-year = 每年单元数
chart-units-per-month = 每月单元数
chart-units-per-weekday = 每个星期几的单元数
chart-units-per-hour = 每小时单元数
chart-scatter = { $y } 与 { $x }
item-descriptives = { $field }的描述统计
item-timeline-split = 按{ $by }分组的{ $units }
item-compare = 不同{ $by }之间的{ $field }比较
item-pearson = 皮尔逊
item-spearman = 斯皮尔曼
item-correlate = { $x }与{ $y }的{ $method }相关

## src/stats/coefficients.rs
coef-percent-agreement = 百分比一致率
coef-holsti = 霍尔斯蒂系数
coef-scott-pi = 斯科特 π 系数
coef-cohen-kappa = 科恩 κ 系数
coef-cohen-kappa-linear = 科恩 κ 系数(线性加权)
coef-cohen-kappa-quadratic = 科恩 κ 系数(二次加权)
coef-light-kappa = 莱特 κ 系数
coef-conger-kappa = 康格 κ 系数
coef-fleiss-kappa = 弗莱斯 κ 系数
coef-brennan-prediger = 布伦南–普雷迪格 κ 系数
coef-gwet-ac1 = 格威特 AC1 系数
coef-krippendorff-alpha = 克里彭多夫 α 系数

## src/report/mod.rs
report-title = { $study } — Codingdesk 报告
report-units = 分析单元数
report-coders = 编码员人数
report-codes = 编码条数
report-codebook = 编码表
report-codebook-version = { $title }({ $name }),第 { $version } 版
report-primary-coder = 主编码员
report-none = 无
report-unresolved = 未解决的“单元 × 变量”组合
report-made = 报告生成时间
report-study = 研究概况
report-final-dataset-note = 最终数据集:有裁决值时取裁决值;否则取所有编码该单元的编码员一致给出的值;再否则取主编码员的值;以上都没有则视为未解决。
report-percentages = 各类目百分比(最终数据集)
report-crosstabs = 交叉表
report-analyses = 分析
report-not-computed = 未计算:{ $reason }
report-reliability = 编码员间信度
report-too-few-coders = 未计算:信度至少需要两名编码员;{ $reason }。
report-masi-row = { $variable }(集合,MASI)
report-mvda-row = { $variable }(集合,mvα)
report-reliability-caption = 表 1 各变量的编码员间信度(编码表第 { $version } 版)
report-variable = 变量
report-percent-agreement = 一致百分比
report-ci = 95% 置信区间
report-prefilled-left-out = 未计算信度:{ $names }——这些数值由每条帖子的元数据预填,所有编码员都相同。
report-reliability-note = 分析单元数:由两名及以上编码员编码的单元数。α 系数按各变量的测量层次计算,95% 置信区间与 P(α < .800) 由固定种子的自助法(bootstrap)得出。结论按 Krippendorff(2004)的建议结合自助法判定,而非只看点估计:α ≥ .800 且 P(α < .800) ≤ .05 为可接受(绿色);α ≥ .667 且 P(α < .667) ≤ .05 为仅可得出初步结论(黄色);否则为不可接受(红色)。集合比较(MASI、mvα)没有自助法:其结论标注“仅点估计”,只依据 α 的点估计值。
report-p-below = P(α < .800)
report-verdict = 结论
report-level = 测量层次
report-method-masi = 集合(MASI)
report-method-mvda = 集合(mvα)
report-method-binary = 是否选中
report-indices = 复合指数
report-index = 指数
report-definition = 定义
stat-mean = 均值
stat-sd = 标准差
stat-min = 最小值
stat-max = 最大值
report-category = 类目
report-valid-percent = 有效百分比
report-missing = 缺失
report-rolled-up = 图中的取值已归并到其一级类目。
report-multi-note = 可多选:百分比之和可能超过 100。
report-unresolved-note = { $count } 个未解决的单元(编码员意见不一、无人裁决、也没有主编码员)按缺失处理。
report-frequency-note = N = { $n }。图:有效百分比。{ $notes }
report-crosstab-caption = { $rows } × { $columns }(频数,行百分比)
report-small-expected = 有 { $count } 个单元格的期望频数小于 5。
report-chi-square = N = { $n }。χ²({ $df }) = { $chi2 },{ $p },克莱默 V 系数 = { $v }。{ $small }
report-no-chi-square = 未计算 χ²:出现的类目少于两个。
report-appendix = 附录:编码表
report-retired = (已停用)
report-examples = 示例:{ $examples }
report-counter-examples = 反例:{ $examples }

## src/report/analyses.rs
stat-group = 组别
stat-median = 中位数
stat-percent-below = 低于阈值的百分比
stat-all-units = 全部单元
report-undated = { $count } 个单元没有可用的日期。

## src/export/mod.rs(XLSX 的编码表与信度工作表)
xlsx-sheet-data = 数据
xlsx-sheet-codebook = 编码簿
xlsx-sheet-reliability = 信度
xlsx-variable = 变量
xlsx-label = 变量标签
xlsx-level = 测量层次
xlsx-kind = 类型
xlsx-required = 必填
xlsx-code = 编码值
xlsx-value = 取值标签
xlsx-definition = 定义
xlsx-retired = 已停用
xlsx-yes = 是
xlsx-no = 否
xlsx-no-reliability = 尚无信度表:信度至少需要两名编码员编码了相同的单元;{ $reason }。

## src/export/request.rs
format-long-csv = 全部编码:单元、编码员、变量、编码值、标签(可重新导入)
format-wide-csv = 每个单元一行、每个变量一列(Excel、R)
format-spss = 宽格式 CSV + 含变量标签和值标签的 .sps 语法文件
format-sav = SPSS 数据文件(.sav),含标签、测量层次与日期
format-xlsx = Excel 工作簿:数据、编码表与信度工作表
format-recal = ReCal 文件夹,每个变量一个文件
format-qdc = 供其他质性分析软件使用的编码表(REFI-QDA)
format-html = 研究报告:信度、百分比、图表、编码表

## src/agreement.rs
verdict-acceptable = 可接受(α ≥ .800,P(α < .800) ≤ .05)
verdict-tentative = 仅可得出初步结论(α ≥ .667,P(α < .667) ≤ .05)
verdict-unacceptable = 不可接受
verdict-undefined = α 无定义
verdict-short-acceptable = 可接受
verdict-short-tentative = 仅可得出初步结论
verdict-short-acceptable-point = 可接受(仅点估计)
verdict-short-tentative-point = 仅可得出初步结论(仅点估计)

## src/store/mod.rs
err-missing = { $file } 不存在
err-exists = { $file } 已存在;请换一个名字,或直接打开它
err-column-not-in-file = 未写入 { $file }:{ $table } 表的行带有文件中没有的列 { $column },其值将会丢失。服务器与本 Codingdesk 版本不同:请在两边使用同一版本
err-not-project = { $file } 不是 Codingdesk 项目文件
err-newer = { $file } 由更新版本的 Codingdesk 写入(数据结构版本 { $found };本版本最高只能读取 { $supported })。请更新 Codingdesk 后再打开。
err-backup = 无法备份 { $file }({ $purpose }):{ $reason }。没有做任何修改;请腾出一些磁盘空间(备份约需项目文件大小的空间)后重试
err-not-writable = 无法在此修改 { $file }:{ $reason };未做任何修改。Codingdesk 在工作时会在项目旁写入文件(-wal 日志)。请把它复制到可写的文件夹并打开副本(可在此使用 `codingdesk copy`)
err-disk-full = { $file } 所在的磁盘已满:未做任何修改。请腾出空间(或换一个磁盘)后重试
err-not-a-file = { $file } 不是文件,而是管道、设备或套接字:请指定文件本身
err-no-folder = 无法写入 { $file }:文件夹 { $folder } 不存在。请先创建它,或选择其他位置
err-folder-not-writable = 无法写入 { $file }:文件夹 { $folder } 不可写({ $reason })。请选择可写的文件夹
err-folder = { $file } 是文件夹,不是项目文件:请选择其中的 .cdesk 文件
err-unknown-unit = 本研究中没有编号为“{ $id }”的单元
err-changed-elsewhere = 单元 { $unit } 的 { $variable } 已在另一个窗口或程序中被修改(现在是 { $now });没有覆盖任何内容:请再看一遍后重新编码
err-empty = 空
err-read-only = 本窗口为只读:{ $reason }。
err-training-takes-coded = 训练轮“{ $round }”会把 { $units } 个已编码单元及其 { $codes } 条编码移出研究:研究的信度与结果将随之改变。请抽取尚无人编码的单元、将该轮计入研究,或明确选择移出它们。
err-bad-key = { $file } 含有 Codingdesk 不会写入的变量键(“{ $key }”:只能由字母、数字和 _ 组成,并以字母开头):该文件在 Codingdesk 之外被修改过,因此不予打开。请向发送者重新索取研究文件。
err-package-refused = { $file } 未合并:{ $reason }。主项目没有改动。

## src/assign.rs
err-bad-overlap = 重叠部分(--overlap)应为单元数或百分比(如 20%),而不是“{ $text }”
err-overlap-too-large = 重叠的 { $wanted } 个单元超过了研究的 { $total } 个单元
err-no-coders = 任务分配至少需要一名编码员
err-bad-seed = 随机种子应为整数,而不是“{ $text }”
err-duplicate-coder = 编码员“{ $name }”重复出现
err-bad-shares = 分配比例(--shares)应为所选编码员的“编码员=权重”对,例如 ana=2,bo=1:{ $reason }
err-no-stratum = 没有单元在“{ $field }”上有值,无法据此分层(可用字段:platform、account、published_at(年份)或导入的列)

## src/export/mod.rs
err-too-big-for-excel = 数据表将有 { $count } { $what ->
    [rows] 行
   *[columns] 列
},而 Excel 最多容纳 { $limit }:未写入任何内容。请改为导出 wide-csv 或 spss(没有此限制),或减少导出的编码员列
err-cannot-write = 无法写入 { $file }:{ $reason }
err-unknown-coder = 没有名为“{ $name }”的编码员(编码员:{ $available })

## src/codebook/mod.rs
err-read-codebook = 无法读取编码表 { $file }:{ $reason }
err-codebook-invalid = 编码表 { $file } 有错误:

## src/import/mod.rs
import-at-column = 第 { $at } { $place }、“{ $column }”列
import-at = 第 { $at } { $place }
import-nothing-imported = 没有导入任何内容
import-problems = 共 { $count } 处问题:
import-and-more = ……另有 { $count } 处
import-no-rows = 文件中没有数据行

## src/import/table.rs
import-row = 行
import-record = 条记录
import-line = 行
import-column-unnamed = 第 { $column } 列在表头行中没有名称
import-columns-same-name = 第 { $first } 列和第 { $second } 列都叫“{ $name }”
import-empty = 文件是空的
import-row-fields = 第 { $at } 行有 { $fields } 个字段,而表头有 { $header } 个
import-no-records = 文件中没有记录

## src/import/units.rs
import-no-id = 没有编号(id)列:请用 --map 列名=id 指定一列(现有列:{ $columns })
import-id-empty = 编号为空
import-duplicate-id = 编号“{ $id }”重复(第 { $first } { $place }也有)
import-expected-count = 应为数量(如 1234、1.2万、3.4w 或 12k),实际为“{ $found }”
import-expected-date = 应为日期时间(Unix 秒或毫秒、2024-01-05 20:30:00、2024/1/5、2024年1月5日……),实际为“{ $found }”
import-expected-duration = 应为时长(秒数或 分:秒),实际为“{ $found }”

## src/import/decode.rs
import-invalid-bytes = 第 { $line } 行:含有不是有效 { $encoding } 编码的字节
import-invalid-bytes-bom = 第 { $line } 行:含有不是有效 { $encoding } 编码的字节,尽管文件以其字节顺序标记开头
import-binary = 这看起来是二进制文件(含有 NUL 字节),而不是文本表格

## src/server/mod.rs
server-err-url = 不是 PostgreSQL 地址(postgres://用户@主机:端口/数据库):{ $reason }
server-err-connect = 无法连接到服务器:{ $reason }
server-err-lost = 与服务器的连接已断开({ $reason })。服务器对每次保存要么整体应用、要么完全不应用,因此不会留下半保存的内容;服务器尚未确认的内容不在服务器上。服务器恢复后请重新运行该命令:它会逐行与服务器上的内容比较,不会重复写入
server-err-sql = 服务器拒绝:{ $reason }
server-err-newer = 此服务器上的研究由更新版本的 Codingdesk 创建(数据结构版本 { $found };本版本最高只能读取 { $supported })。请更新 Codingdesk。
server-err-not-initialised = 此数据库中还没有 Codingdesk 研究:请先运行 `codingdesk server init URL`
server-err-bad-role = “{ $role }”不能用作角色名:请使用小写字母、数字和 _,并以字母开头(例如 li_na)
server-err-holds-study = 此数据库中已有一项研究:请推送到空数据库(先 createdb,再运行 `codingdesk server init`),或拉取这项研究
server-err-no-study = 此数据库已有数据结构但还没有研究:请先推送一项(`codingdesk push 文件 URL`)
server-err-old-schema = 此服务器上研究的数据结构较旧(版本 { $found };本 Codingdesk 写入版本 { $supported }):请运行 `codingdesk server init URL` 升级
server-err-value = { $table }.{ $column } 中的某个值与另一存储的列类型不符
server-err-missing-column = 服务器的 { $table } 表没有研究文件中的列 { $column }:未写入任何内容(否则这些值会丢失)。服务器的数据结构与本 Codingdesk 不同:请用此版本运行 `codingdesk server init URL` 升级服务器
server-err-sslmode = sslmode “{ $mode }” 不是 disable、allow、prefer、require、verify-ca、verify-full 之一(须为小写并用连字符,与 libpq 相同):未建立连接
server-err-tls = 无法建立安全连接(TLS):{ $reason }
server-err-not-a-coder = 此登录不是这里研究的编码员:督导可用 `codingdesk server add-coder` 添加编码员
server-err-conflict = 服务器上的研究已先被他人修改({ $table } { $row }):本次未写入任何内容;已重新读取研究,请查看后再操作一次
study-err-profiles = 无法读取 { $file } 中的连接配置:{ $reason }
study-err-unknown-profile = { $file } 中没有名为"{ $name }"的连接配置(现有:{ $known });配置写作 [名称] 表,含 url = "postgres://角色@主机/数据库"
study-err-password-in-profile = 连接配置"{ $name }"中含有密码:密码绝不保存在文件中——请从 URL 中删去;窗口会询问密码,命令行读取 PGPASSWORD
report-rolled-row = { $variable }(归并到上 { $levels } 级类别)
methods-heading = 研究方法(可据此改写的段落)
methods-coders = 由 { $count } 名编码员({ $names })对研究的 { $units } 个单元进行编码。
methods-subsample-drawn = 分配时随机抽取了 { $overlap } 个单元作为信度子样本(随机种子 { $seed }{ $stratified }),由每名编码员独立编码。
methods-stratified = ,按{ $field }分层
methods-subsample-overlap = 编码员间信度基于由两名及以上编码员独立编码的 { $overlap } 个单元检验。
methods-computed-on = 由两名及以上编码员独立编码的单元共 { $overlap } 个(不止抽取的 { $drawn } 个),α 系数基于其全部计算;下文 n 为各变量的单元数。
methods-point-estimate-only = 多选变量的集合系数在此没有自助法结果,其判定仅依据点估计,而非 P(α < .800):{ $names }。
methods-coefficient = 采用克里彭多夫 α 系数(Krippendorff, 2004),按各变量的测量层次计算,并通过 { $samples } 次自助法抽样(Hayes & Krippendorff, 2007)得出 95% 置信区间及 α 低于 .800 的概率:{ $values }。
methods-variable = { $variable },α = { $alpha }(n = { $units } 个单元),95% 置信区间 [{ $low }, { $high }],P(α < .800) = { $p }
methods-variable-no-ci = { $variable },α = { $alpha }(n = { $units } 个单元)
methods-verdicts = 依据 Krippendorff(2004),α ≥ .800 且 P(α < .800) ≤ .05 的变量视为信度可接受,α ≥ .667 且 P(α < .667) ≤ .05 的变量仅用于得出初步结论。可接受:{ $acceptable }。仅可得出初步结论:{ $tentative }。不可接受:{ $unacceptable }。
methods-software = 信度由 Codingdesk { $version } 计算。
methods-training = 正式编码前,编码员依据标准答案接受了培训,每轮结束前看不到标准答案;编码员在一轮中每个变量与标准答案的克里彭多夫 α 均达到该轮门槛即为通过:{ $rounds }。
methods-training-round = “{ $round }”({ $units } 个单元;标准答案:{ $gold };α ≥ { $alpha_min })中 { $coders } 名编码员有 { $passed } 名通过
methods-training-gold-coder = { $coder } 的编码
methods-training-gold-adjudicated = 裁决值
methods-training-excluded = 培训单元不计入分析数据。
methods-training-cleared = 通过后获准正式编码的编码员:{ $names }。
err-training-closed = 单元“{ $unit }”属于已结束的培训轮次“{ $round }”:其编码保持结束时的样子,不能再修改
