# 窗口界面的消息。与 en/ui.ftl 一一对应(由单元测试检查)。

## src/ui/top_bar.rs
top-coder = 编码员:{ $name }
top-switch-coder = 切换编码员
top-supervisor = 督导模式
top-supervisor-hint = 编码表、任务分配、信度、裁决、结果、导出
top-supervisor-mode = 督导
top-coders-desk = 编码台
top-more = 更多…
top-text-size = 字号
top-settings = 设置
top-language = 界面语言
top-save-copy = 另存副本…
top-save-copy-hint = 生成包含全部编码的独立文件,便于发送或存档
top-close-project = 关闭项目
top-zoom-smaller = 缩小文字(Ctrl −)
top-zoom-reset = 字号:点击恢复 100%(Ctrl 0)
top-zoom-larger = 放大文字(Ctrl +)
top-theme = 主题
top-theme-system = 跟随系统
top-theme-light = 浅色
top-theme-dark = 深色
top-theme-colon = 主题:
top-loop = 短视频循环播放
top-loop-hint = 一分钟以内的视频播完后从头再播
top-autoplay = 显示单元时自动播放其视频
top-built-in-browser = 使用内置文件浏览器
top-built-in-browser-hint = 在 Codingdesk 内选择文件,而不用系统的文件对话框(系统没有对话框时总是如此)

## src/ui/app/mod.rs
app-read-only = 只读
app-take-over = 接管
app-dismiss = 关闭提示
app-title-desk = { $coder } — { $study } — Codingdesk
app-title-supervisor = 督导 — { $study } — Codingdesk
app-no-chinese-font = 未找到中文字体,中文会显示为方框。请安装一种中文字体(例如 `sudo apt install fonts-noto-cjk` 或 fonts-wqy-microhei)后重新启动。
app-no-chinese-font-windows = 未找到中文字体,中文显示为方框。请在“设置 → 应用 → 可选功能”中添加“中文(简体)补充字体”(微软雅黑),然后重新启动。
app-no-chinese-font-macos = 未找到中文字体,中文显示为方框。macOS 自带苹方字体(/System/Library/Fonts):请在“字体册”中选择“恢复标准字体”,然后重新启动。
app-drop-units-on-start = 单元文件可以拖到开始页面上,用它们新建项目。

## src/ui/app/commands.rs
app-no-system-dialog = 这台电脑没有系统文件对话框(没有桌面门户或 zenity),Codingdesk 改用自带的文件浏览器。
app-preparing-sample = 正在准备重庆示例研究(第一次会生成视频,约需一分钟)…
app-creating-project = 正在新建项目并导入单元…
import-report-title = 已导入单元
import-report-rows = 读取 { $rows } 行:新增 { $added } 个单元,关联 { $media } 个媒体文件。
import-report-encoding = 编码:{ $encoding }
import-report-platform = 平台:{ $platform }
import-report-columns = 各列对应的字段
import-report-hint = 未匹配字段的列保留为单元的附加字段。如需改变对应关系,可在命令行中用 --map 列名=字段 重新导入。
import-report-close = 关闭
app-saved-copy = 已将项目的独立副本保存为 { $path }。
app-open-project-first = 请先打开一个项目。

## src/ui/app/project.rs
app-package-of = 这是 { $coder } 的编码包。每条编码都会随时保存在这个文件里;完成后请把文件发回给督导合并。
app-type-your-name = 请输入你的名字后开始编码。

## src/ui/coder_picker.rs
picker-who = 谁在编码?
picker-none-yet = 这项研究还没有编码员编码过。
picker-i-am = 我是 { $name }
picker-new-coder = 新编码员:
picker-your-name = 你的名字
picker-start = 开始编码
picker-blind = 你只能看到自己的编码。Codingdesk 会在这台电脑上记住你的名字。

## src/ui/notice.rs
problem-open = 无法打开 { $path }:{ $reason }。这台电脑上有能打开它的程序(视频播放器、网页浏览器)吗?
problem-missing = { $path } 不存在:它可能已被移动或删除,或者研究的媒体文件夹不在这台电脑上。
problem-settings = 无法保存设置:{ $reason }
problem-thread = 无法启动后台任务:{ $reason }
settings-damaged = 无法读取设置文件 { $path }({ $reason })。Codingdesk 已使用默认设置启动,损坏的文件另存为 { $kept }。
settings-damaged-not-moved = 无法读取设置文件 { $path }({ $reason })。Codingdesk 使用默认设置;在修复或删除该文件之前不会保存设置。

## src/ui/start.rs
start-tagline = 社交媒体帖子与短视频的定量内容分析。
start-open-sample = 打开重庆示例研究
start-open-project = 打开项目…
start-new-project = 新建项目…
start-drop-hint = 也可以把项目文件(.cdesk)或单元文件(CSV、XLSX、JSON)拖到这个窗口上。
start-recent = 最近的项目
start-none-yet = 还没有。
start-new-project-heading = 新建项目
start-title = 标题
start-title-hint = 例如 #重庆旅游攻略
start-codebook = 编码表
start-units-file = 单元文件
start-units-none = 暂无(可稍后添加)
start-choose-units = 选择单元文件…
start-save-as = 保存为
start-not-chosen = 未选择
start-choose-save = 选择保存位置…
start-create = 创建项目

## src/ui/files.rs
files-open-project = 打开项目
files-choose-units = 选择单元文件
files-save-new-project = 新项目保存为
files-recal-folder = 选择存放 ReCal 文件的文件夹
files-export-to = 导出到
files-package-folder = 选择存放编码包的文件夹
files-packages = 选择要合并的编码包
files-copy = 副本另存为
files-filter-project = Codingdesk 项目
files-filter-units = 单元
files-filter-package = Codingdesk 编码包
files-open = 打开
files-save = 保存
files-cancel = 取消
files-new-folder = 新建文件夹
files-new-folder-name = 新建文件夹
files-refresh = 刷新
files-parent = 上一级文件夹
files-file = 文件:
files-show-hidden = 显示隐藏文件

## src/ui/desk/mod.rs
desk-changed-elsewhere = 另一个窗口或程序修改了 { $count } 个单元的编码;编码台现在显示的是已保存的内容。
desk-taken-over = 另一个窗口接管了 { $coder } 的编码台(本窗口未能及时响应,例如被遮挡时):本窗口中输入的内容已保存,本窗口现为只读。
desk-typed-not-saved = { $reason }(输入的内容:“{ $text }”)
desk-handed-over = 另一个窗口请求接管 { $coder } 的编码台:本窗口中输入的内容已保存,本窗口现为只读。
desk-handed-over-unsaved = 另一个窗口请求接管 { $coder } 的编码台,现已由它使用;本窗口为只读。未保存:{ $reason }
desk-asked-for = 已请 { $coder } 的编码台所在窗口({ $place })保存并交出编码台:本窗口稍后接管。
desk-claimed = { $coder } 的编码台现由本窗口使用:另一个窗口已交出或已关闭。它输入的编码已显示。
desk-not-left = 未保存,编码台停留在此单元:{ $reason }。请改正数字或清空该字段。
desk-unit-unreadable = 无法读取这个单元:{ $reason }
desk-all-done = 你队列中的所有单元都已完成。
desk-codebook-window = 编码表(F1)
desk-no-unit = 没有可显示的单元:你的队列里还没有这项研究的单元。
desk-unit-unreadable-card = 无法从项目文件读取这个单元(原因见状态栏)。请转到其他单元,或重新打开项目。
desk-progress = 已完成 { $done } / { $total }
desk-partial-not-started = { $partial } 个部分完成,{ $not_started } 个未开始
desk-saved-at = 已保存 { $time }
desk-saved-at-once = 每次修改都会立即保存
desk-editing = · 正在编辑(离开输入框时保存)
desk-key-hints = 上/下 切换变量 · [按键] 选择 · 空格 勾选 · 回车 下一个待编码 · Ctrl+左/右 切换单元 · PgUp/PgDn/Home/End 队列 · Ctrl+Z 撤销 · Ctrl+F 查找 · F1 编码表

## src/ui/desk/queue.rs
queue-heading = 编码队列
queue-filter = 筛选:
queue-filter-hint = 标题、账号或编号(Ctrl+F)
queue-status = 状态:
queue-status-all = 全部
queue-showing = 显示 { $shown } / { $total } 个单元
queue-col-id = 编号
queue-col-account = 账号
queue-col-date = 日期
queue-col-status = 状态
queue-copy-id = 复制编号
queue-training = 培训
queue-training-hover = 培训轮次“{ $round }”的单元:像其他单元一样编码;本轮结束后,你的编码将与标准答案比较。

## src/ui/desk/review.rs
desk-review-training = 查看我的培训结果
desk-training-closed = 培训轮次“{ $round }”已结束:你在此处的编码保持结束时的样子。状态栏中的“查看我的培训结果”显示它们与标准答案的比较。
review-window = 查看我的培训结果 — { $coder }
review-round = 培训轮次“{ $round }”
review-passed = 已通过:每个变量与标准答案的 α 都达到了 { $alpha_min }。
review-not-passed = 尚未通过:有变量与标准答案的 α 低于 { $alpha_min }。请阅读下面各处不一致对应的定义;是否再进行一轮由督导决定。
review-cleared = 已获准为本研究编码(经“{ $round }”,{ $time })。
review-col-variable = 变量
review-col-agreement = 一致率
review-col-result = 结果
review-pass = 通过
review-below = 低于 α_min
review-no-misses = 没有不一致:你编码的每个值都与标准答案相同。
review-misses = { $count } 处不一致:
review-unit = 单元 { $unit }
review-open-unit = 打开该单元
review-open-unit-named = 打开单元 { $unit } 的“{ $variable }”
review-you-coded = 你的编码:{ $value }
review-you-did-not-code = 你没有为此编码。
review-gold = 标准答案:{ $value }

## src/desk.rs
status-not-started = 未开始
status-partial = 部分完成
status-done = 已完成
desk-press-take-over = 请点击“接管”后在此编码
desk-held-elsewhere = { $coder } 的编码台已在{ $place }打开。本窗口只显示编码;接管后可在此编码(另一个窗口随即变为只读)。

## src/store/presence.rs
holder-this-computer = 本机的另一个窗口中(进程 { $pid })
holder-other-computer = { $host } 上(进程 { $pid })
holder-since = { $place },打开于 { $opened },最近活动 { $seen }

## src/ui/desk/card.rs
card-picture-alt = 图片 { $name }
card-click-to-enlarge =
    { $path }
    点击放大
card-cannot-show = 无法显示 { $path }:{ $reason }
card-no-media = (这个单元没有关联媒体)
card-open-video-browser = 在浏览器中打开视频
card-open-picture-browser = 在浏览器中打开图片
card-open-original = 打开原帖
field-id = 编号
field-platform = 平台
field-account = 账号
field-published = 发布时间
field-duration = 时长
card-seconds = { $seconds } 秒
field-plays = 播放量
field-likes = 点赞数
field-comments = 评论数
field-shares = 转发数
field-favourites = 收藏数
card-caption = 文案
card-previous-media = 上一张图片或上一个视频(Ctrl+PgUp)
card-kind-video = 视频
card-kind-picture = 图片
card-media-position = { $kind } { $at } / { $count }
card-next-media = 下一张图片或下一个视频(Ctrl+PgDn)
card-viewer-hint = { $at } / { $count } · 滚轮缩放({ $zoom }%),拖动平移 · ← → 切换图片 · Esc 关闭

## src/ui/desk/form.rs
form-heading = 编码
form-note = 本单元备注
form-required-missing = 必填,尚未编码
form-required = 必填
form-value-hover =
    { $definition }

    示例:{ $examples }
form-prefilled = 已根据帖子元数据预填;在你对本单元的第一次编码时一并保存
form-not-a-number = { $variable }:“{ $text }”不是数字
form-codebook = 编码表
form-codebook-version = { $name } · 第 { $version } 版
form-example = 例:{ $example }
form-counter-example = 反例:{ $example }

## src/ui/desk/video.rs
video-keys = Ctrl+空格 播放/暂停 · Alt+←/→ 5 秒 · Alt+Shift+←/→ 1 秒 · Alt+,/. 逐帧 · Alt+↓/↑ 速度 · Ctrl+M 静音 · Ctrl+E 大画面 · Ctrl+T 时间写入备注
video-no-ffmpeg = 这里无法播放本单元的视频:请先安装 ffmpeg,然后重启 Codingdesk。({ $hint })
video-system-player = 用系统播放器打开
video-alt = 视频
video-pause = 暂停
video-play = 播放
video-play-hint = Ctrl+空格,或点击画面
video-back-5 = −5 秒
video-back-1 = −1 秒
video-forward-1 = +1 秒
video-forward-5 = +5 秒
video-frame-back = ◀ 上一帧
video-frame-back-hint = Alt+,(会暂停)
video-frame-forward = 下一帧 ▶
video-frame-forward-hint = Alt+.(会暂停)
video-speed-hint = 速度:Alt+↓ 变慢,Alt+↑ 变快
video-mute = 静音
video-volume = 音量
video-loop = 循环
video-large = 大画面
video-insert-time = 插入时间
video-insert-time-hint = Ctrl+T:把当前位置(如 [0:12])写入单元备注

## src/model.rs
field-url = 链接
field-title = 标题
field-caption = 文案
field-media = 媒体
field-video = 视频

## src/supervise.rs
sup-codebook-saved = 编码表已保存(第 { $version } 版)。
sup-value-merged = “{ $variable }”的取值 { $from } 已并入 { $into }:改写并记录了 { $count } 条编码;{ $from } 已停用(第 { $version } 版)。
sup-assignments-stored = 已保存 { $count } 条任务分配:每位编码员都编码 { $overlap } 个信度单元。
sup-training-started = 已开始培训轮次“{ $round }”:{ $units } 个单元,由 { $coders } 位编码员在各自的编码台中编码。
sup-training-closed = 已结束培训轮次“{ $round }”:其编码保持结束时的样子,每位编码员可以查看自己的不一致之处。
sup-coder-cleared = { $coder } 已获准为本研究编码(通过了“{ $round }”)。
sup-index-saved = 指数“{ $name }”已保存:{ $formula }
sup-index-removed = 指数“{ $name }”已删除。
sup-item-added = “{ $title }”将写入 HTML 报告。
sup-package-written = { $file }({ $units } 个单元,{ $codes } 条编码)
sup-packages-written-media = 已将 { $count } 个编码包写入 { $folder }:{ $names }。请把各自的文件及其 -media 文件夹发给每位编码员。
sup-packages-written = 已将 { $count } 个编码包写入 { $folder }:{ $names }。请把各自的文件发给每位编码员。
sup-merged = 已合并 { $count } 个编码包(冲突 { $conflicts } 处,见下方列表)。
sup-nothing-to-merge = 没有需要合并的内容:主项目已包含这些编码包中的全部内容。
sup-chart-saved = 图表已保存为 { $path }

## src/ui/supervisor/mod.rs
tab-codebook = 编码表
tab-training = 培训
tab-assignments = 任务分配
tab-reliability = 信度
tab-adjudication = 裁决
tab-results = 结果
tab-analysis = 分析
tab-export = 导出
tab-team = 团队
sup-figures = { $units } 个单元 · { $coders } 名编码员 · { $codes } 条编码 · 编码表第 { $version } 版
answer-none = (无)

## src/ui/supervisor/export.rs
export-bom = CSV 文件以 UTF-8 字节顺序标记(BOM)开头,Excel 可正确显示中文。
export-folder = 文件夹:
export-save-to = 保存到:
export-choose = 选择…
export-write = 写出导出文件
export-coders-compare = 要比较的编码员(都不勾选:全部):
export-coders-columns = 按编码员分列(而不是最终数据集):
export-crosstabs = 报告中的交叉表:
export-crosstab-rows = 交叉表的行
export-crosstab-columns = 交叉表的列
export-choose-lower = 选择…
export-add-crosstab = 添加交叉表
export-remove = 移除
export-no-analyses = 分析:在“分析”标签页中用“加入报告”添加。
export-analyses = 报告中的分析(每次写出报告时重新计算):
export-remove-item = 移除第 { $id } 项

## src/ui/supervisor/reliability.rs
rel-ci-words = ,95% 置信区间 [{ $low }, { $high }](自助法抽样 { $samples } 次);P(α < .800) = { $below_acceptable },P(α < .667) = { $below_tentative }
rel-words-acceptable = 。可接受:α ≥ .800,且自助法估计 P(α < .800) ≤ .05,该变量的编码可靠(Krippendorff, 2004)。
rel-words-tentative = 。仅可得出初步结论:α ≥ .667 且 P(α < .667) ≤ .05,但不能确定 α ≥ .800,结论须谨慎(Krippendorff, 2004);正式编码前请修订编码表或重新培训编码员。
rel-words-unacceptable = 。不可接受:α < .667,或低于 .667 的可能性过大(P(α < .667) > .05);请修订定义并重新培训编码员,或舍弃该变量。
rel-words-undefined = 。α 无定义:编码值没有变异。
rel-heading = 编码员间信度
rel-choose-variable = 选择一个变量,查看其编码员两两信度矩阵、混淆矩阵与分歧单元。
rel-coders-counted = 计入信度的编码员:
rel-coders-left-out = { $count } 人未计入 α(其编码仍保留在研究中)
rel-bootstrap = α 系数 95% 置信区间的自助法抽样次数:
rel-seed = 随机种子:
rel-recompute = 重新计算
rel-col-variable = 变量
rel-col-units = 单元数
rel-pairs = 每两名编码员之间的 α 系数
rel-confusion-of = 混淆矩阵:
rel-first-coder = 第一位编码员
rel-second-coder = 第二位编码员
rel-show = 显示
rel-confusion-axes = 行:{ $rows } · 列:{ $columns }
rel-disagreements = 编码员意见不一的单元({ $count })
rel-final = 最终值:{ $value }
rel-open = 待裁决
rel-adjudicate = 裁决
rel-too-few-coders = 信度至少需要两名编码员编码了相同的单元;{ $reason }。

## src/ui/supervisor/assignments.rs
assign-heading = 信度子样本与任务分配
assign-explain = 每位选中的编码员都编码同一个按随机种子抽取的子样本(信度即据此重叠部分计算);其余单元在他们之间分配。
assign-preview = 预览
assign-replace = 替换研究现有的 { $count } 条任务分配
assign-coders = 编码员
assign-add-coder-label = 添加编码员:
assign-add-coder = 添加
assign-overlap = 重叠部分(单元数或百分比):
assign-seed = 随机种子:
assign-stratify = 分层依据:
assign-stratify-name = 分层依据
assign-no-stratification = (不分层)
assign-shares = 其余单元的分配比例(可选,例如 李娜=2,王浩=1):
assign-preview-first = 保存前请先预览分配方案。
assign-plan = 信度子样本:{ $units } 个单元中的 { $overlap } 个(随机种子 { $seed }),由全部 { $coders } 名编码员编码。
assign-per-stratum = 各层:{ $strata }
assign-col-coder = 编码员
assign-col-overlap = 重叠
assign-col-own = 独立
assign-col-total = 合计
assign-apply = 应用任务分配
assign-blocked = 研究已有任务分配:勾选“替换”才能替换
assign-progress = 各编码员进度
assign-col-assigned = 已分配
assign-col-started = 已开始
assign-col-done = 已完成
assign-col-codes = 编码条数
assign-year-published = 发布年份

## src/ui/supervisor/adjudicate.rs
adj-counts = { $open } 处待裁决,{ $done } 处已裁决
adj-keys = [按键] 选定最终值 · Shift+1…9 采用该编码员的值 · Delete 清除 · 回车 下一处待裁决 · 上/下 移动
adj-none = 没有分歧
adj-none-explain = 由两名及以上编码员编码的每个单元,各编码员给出的值都相同。
adj-unit-missing = 单元 { $unit } 不在研究中。
adj-disagreements = 分歧
adj-unit-variable = 单元 { $unit } · 变量“{ $variable }”
adj-coders-values = 各编码员的值
adj-take = 采用 { $coder } 的值
adj-final = 最终值:
adj-not-yet = 尚未裁决
adj-type-final = 或输入最终值:
adj-set = 设定
adj-reason = 理由(可选):
adj-clear = 清除最终值
adj-next-open = 下一处待裁决的分歧
adj-primary = 主编码员(未裁决之处以其编码为准):
adj-no-primary = 无
adj-primary-name = 主编码员
adj-others = 本单元的其他分歧
adj-state-done = 已裁决

## src/ui/supervisor/results.rs
res-results-of = 结果来源:
res-final = 最终数据集
res-coder = 编码员 { $name }
res-for = 变量:
res-roll-up = 归并到一级类目
res-crosstab = 交叉表
res-choose-two = 请选择两个单选变量。
res-cell = { $count }(行 { $row }%,列 { $column }%)
res-small-expected =  —— 有 { $count } 个单元格的期望频数小于 5,解读 p 值须谨慎
res-chi-square = N = { $n }。χ² = { $chi2 },自由度 = { $df },{ $p },克莱默 V 系数 = { $v }{ $small }
res-no-chi-square = 未计算 χ²:某个变量出现的类目少于两个。
res-col-code = 编码值
res-col-count = 频数

## src/ui/supervisor/team.rs
team-prefer-newer = 以较新的修改为准
team-prefer-master = 以主项目的值为准
team-prefer-package = 以编码包的值为准
team-heading = 团队编码
team-explain = 每位编码员会得到一个编码包:一个包含编码表、分配给他的单元与媒体、且只含他本人编码的项目文件。编码员在自己的电脑上用编码台完成编码后发回;合并即把他们的工作并入本主项目。
team-packages = 给编码员的编码包
team-choose-folder = 选择文件夹…
team-no-media = 不复制媒体文件(编码包引用本机上的文件)
team-write = 为 { $count } 名编码员生成编码包
team-add-coders-first = 请先在“任务分配”中添加编码员。
team-for = 对象:{ $coders }
team-col-made = 生成时间
team-col-merged = 合并时间
team-col-file = 文件
team-merge-back = 合并发回的编码包
team-remove-file = 移除 { $file }
team-package-file = 编码包文件:
team-add = 添加
team-choose-packages = 选择编码包…
team-when-conflict = 若某条编码在打包后两边都被修改:
team-conflicts = 冲突
team-preview-merge = 预览合并
team-merge = 合并到主项目
team-kept-aside = 合并时暂存未放置的编码({ $count })
team-kept-explain = 这些编码不会被丢弃:把相应取值加入编码表(或导入该单元)后,再次合并同一编码包即可放置。
team-col-unit = 单元
team-col-coder = 编码员
team-col-code = 编码
team-col-why = 原因
team-note = 备注“{ $note }”
team-merged = 已合并。合并前已备份主项目:{ $backup }
team-preview-only = 预览:尚未写入任何内容。
team-col-package = 编码包
team-col-added = 新增
team-col-updated = 更新
team-col-cleared = 清除
team-col-unchanged = 未变
team-col-notes = 备注
team-col-kept = 暂存
team-placed = { $coder }:先前合并时暂存的 { $count } 条编码现在可以放置了
team-conflicts-of = { $coder }:冲突(主项目和编码包中都有修改;未采用的值保留在修改日志中)
team-conflict = {"  "}单元 { $unit } · { $variable }:主项目 { $master },编码包 { $package } → { $kept }
team-mapped = { $coder }:按编码表的修改历史映射了 { $count } 条编码
team-mapped-one = {"  "}单元 { $unit } · { $variable }:{ $from } → { $to }
team-unmapped = { $coder }:{ $count } 条编码无法放置,已暂存(未丢弃)
team-unmapped-one = {"  "}单元 { $unit } · { $variable } = { $value }:{ $reason }

## src/ui/supervisor/codebook.rs
cb-variables = 变量
cb-title-version = { $title } —— 第 { $version } 版
cb-languages = 语言:{ $languages }。下面的字段编辑的是 { $own } 文本;其他语言的文本来自编码表的 TOML 文件(codingdesk codebook 文件 --export 导出,编辑后 --apply 应用)。
cb-move-up = 上移
cb-move-down = 下移
cb-remove-variable = 删除变量
cb-variable-used = 有 { $count } 条编码使用此变量:无法删除
cb-add-variable-heading = 添加变量
cb-key = 变量名:
cb-add-variable = 添加变量
cb-first-value = 第一个取值
cb-variable = 变量“{ $key }”
cb-codes-use-it = 有 { $count } 条编码使用它。
cb-label = 标签:
cb-group = 分组标题:
cb-definition = 定义:
cb-kind = 类型:
cb-kind-fixed = 已有编码:类型不能更改
cb-level = 测量层次:
cb-required = 必填:
cb-required-check = 编码员必须作答
cb-prefill = 预填字段:
cb-values = 取值
cb-col-label = 标签
cb-col-definition = 定义
cb-col-parent = 上级
cb-col-key = 按键
cb-col-retired = 停用
cb-col-codes = 编码数
cb-label-of = 取值 { $code } 的标签
cb-definition-of = 取值 { $code } 的定义
cb-parent-of = 取值 { $code } 的上级
cb-key-of = 取值 { $code } 的按键
cb-retire = 停用取值 { $code }
cb-up = 上移
cb-down = 下移
cb-examples = 示例
cb-remove = 删除
cb-value-used = 已有编码使用此取值:请改为停用或合并
cb-new-value-code = 新取值:编码值
cb-new-value-label = 标签
cb-add-value = 添加取值
cb-examples-of = 取值 { $code } 的示例(每行一个)
cb-examples-label = 示例:
cb-counter-label = 反例(不属于此取值):
cb-merge-value = 合并取值
cb-into = 并入
cb-merge-into = 并入
cb-merge = 合并
cb-merge-hint = 第一个取值的所有编码都改为第二个取值(记入日志);第一个取值被停用而不是删除。

## src/ui/supervisor/analysis.rs
ana-year = 年份
ana-unit-field = 单元字段:{ $field }
ana-no-groups = (不分组)
ana-group-by = 分组依据
ana-describe = 描述统计
ana-timeline = 时间分布
ana-compare = 组间比较
ana-correlate = 相关分析
ana-index = 复合指数
ana-no-chart = 无法绘图:{ $reason }
ana-field-colon = 字段:
ana-field = 字段
ana-share-below = 低于此值的比例:
ana-log-scale = 对数刻度
ana-below-not-number = “低于此值的比例”需要一个数字(例如 1000),而不是“{ $text }”。
stat-q1 = 下四分位数
stat-q3 = 上四分位数
ana-all-units = (全部单元)
ana-period-year = 年
ana-period-month = 月
ana-period-weekday = 星期
ana-period-hour = 小时
ana-split-by = 拆分依据
ana-dated = { $dated } 个单元有日期,{ $undated } 个没有可用日期。时间按存储值显示(来源给出时刻时为 UTC)。
ana-per-period = 各时段单元数(共 { $count } 个时段)
ana-period = 时段
ana-compare-label = 比较
ana-across = 分组:
ana-anova = 单因素方差分析
ana-first-field = 第一个字段
ana-with = 与
ana-second-field = 第二个字段
ana-correlation = { $name } = { $r },n = { $n },{ $p }(双尾),95% 置信区间 { $ci }
ana-excluded = { $count } 个缺少任一数值的单元未纳入
ana-no-indices = 尚未定义。
ana-remove-index = 删除 { $name }
ana-fields = 可用字段:{ $fields }
ana-index-name = 指数名称:
ana-weights = 权重(字段=权重,…):
ana-standardise = 标准化:
ana-minmax = 最小–最大
ana-z = z 分数
ana-none = 不标准化
ana-normalize = 权重除以权重之和
ana-save-index = 保存指数
ana-save-chart-to = 图表保存到:
ana-save-chart = 将图表保存为 SVG
ana-add-to-report = 加入报告
ana-add-to-report-hint = HTML 报告将包含此分析,每次写出报告时都会根据数据重新计算

## src/video/mod.rs
video-err-run = 无法运行 { $program }:{ $reason }
video-err-unreadable = 无法播放 { $file }:{ $reason }
video-err-pipe = 无法读取 ffmpeg 的输出
video-err-no-audio = 找不到播放声音的方式(这里的 ffmpeg 没有音频输出,也没有 ffplay)
video-err-start = 无法开始读取视频:{ $reason }
video-err-stopped = 读取视频意外中断
video-no-sound = 没有声音:{ $reason }

## src/video/probe.rs
video-no-stream = ffprobe 在其中没有找到视频流
desk-server-lost = 未保存:无法连接服务器({ $reason })。此前已保存的内容都在服务器上;服务器恢复前,编码台暂停接收输入。
desk-offline-refused = 未保存:无法连接服务器——服务器一恢复,编码台即重新接收输入。
sup-offline-refused = 未执行:无法连接服务器——服务器一恢复即可再次修改
desk-server-gone = 无法连接服务器({ $reason })。编码台提示已保存的编码都在服务器上;服务器恢复前,编码台暂停接收输入。
desk-server-back = 服务器已恢复:已重新读取研究,编码台重新接收输入。
desk-offline-banner = 无法连接服务器——输入已暂停。
desk-offline-detail = 此前保存的编码都在服务器上;编码台每 2 秒重试一次。
app-password-in-url = 请把密码填在密码栏,不要写进 URL:URL 会被记住,密码永远不会。
app-rows-set-aside = 服务器上有 { $count } 行被略过:项目文件不接受它们(写于服务器开始检查之前);其余内容均已读取。请让督导在服务器上修正或删除它们:{ $rows }
app-connecting = 正在登录 { $url } 并读取研究……
app-server-signed-in-as = 在服务器研究上,你以登录身份编码:要以其他编码员身份编码,请用其账号登录。
app-server-not-supervisor = 督导模式需要用督导账号登录此服务器研究。
start-connect = 连接服务器上的研究…
start-connect-heading = 实验室 PostgreSQL 服务器上的研究
start-connect-explain = 用督导给你的账号登录:编码员账号打开编码台,督导账号打开督导模式。每条编码都保存在服务器上。
start-server-url = 服务器(URL)
start-password = 密码
start-media-folder = 媒体文件夹
start-media-folder-hint = 视频在本机上的位置(可选)
start-connect-button = 连接
start-recent-servers = 连接配置与最近的服务器:
top-on-server = (服务器)
assign-needed-label = 所需信度子样本:
assign-needed = 要在 p = .05 下检验 α ≥ .800,需 { $units } 个单元(要求最高的变量:{ $variable },最少类别占比 { $smallest })
assign-needed-enough = 当前重叠设置为 { $units } 个单元:所有变量都够用。
assign-needed-short = 当前重叠设置为 { $units } 个单元:{ $count } 个变量不够。
assign-needed-each = 各变量
assign-needed-row = 最少类别占比 { $smallest };目前已由两名及以上编码员编码:{ $overlap }
assign-needed-none = 没有可规划的单选或多选变量。
rel-influence = 对 α 的影响
rel-influence-compute = 计算
rel-influence-coders = 逐一剔除各编码员后的 α(上升:其余编码员之间一致性更高——应优先重新培训此人):
rel-influence-units = 剔除后 α 变化最大的单元(最关键的分歧:请明确这些定义):
rel-influence-units-skipped = 单元数超过 { $count }:不计算单元的影响(仍计算编码员的影响)。
rel-influence-without = 剔除后的 α
rel-influence-change = 变化
rel-col-unit = 单元
rel-drift = 编码过程中的信度漂移
rel-drift-compute = 显示漂移
rel-drift-explain = 每名编码员与{ $whom }的 α,按其编码顺序以{ $windows }为窗口。
rel-drift-whom-others = 其他编码员(在共同编码的单元上)
rel-drift-whom-gold = 裁决值(标准答案,在已裁决的单元上)
rel-drift-windows-units = 每 { $window } 个单元
rel-drift-windows-weeks = 每个自然周
rel-drift-per-units = 每窗口 { $window } 个单元
rel-drift-per-week = 按周
rel-drift-against-others = 与其他编码员比较
rel-drift-against-gold = 与裁决值比较
rel-drift-nothing = 暂无可比较的数据:没有编码员与{ $whom }有两个以上共同单元。
rel-drift-axis-weeks = 编码周
rel-drift-warning = { $coder }:有 { $count } 个窗口低于 α = { $alpha }——请与其一起查看这些单元,或重新培训。
rel-drift-axis = 每 { $window } 个单元的窗口(编码顺序)

## src/ui/supervisor/training.rs
training-heading = 培训轮次
training-explain = 正式编码前,每位编码员在自己的编码台中盲编少量单元,并与标准答案比较:标准答案可以是你自己的编码(以标准编码员身份在编码台中编码本轮),也可以是裁决值。编码员在每个变量上与标准答案的 α 都达到 α_min 即为通过。除非选择计入,培训单元不计入研究的一致性、结果和导出。结束本轮后编码员可以查看自己的不一致之处,然后为通过者授予正式编码资格。
training-start-heading = 开始新一轮
training-default-name = 第 { $number } 轮
training-name = 名称:
training-units = 单元数(从研究中随机抽取):
training-seed = 随机种子:
training-gold = 标准答案:
training-gold-adjudicated = 裁决值
training-gold-choice = 标准答案的来源
training-gold-new = 或新的编码员:
training-gold-of = { $coder } 的编码
training-alpha-min = 通过所需 α_min:
training-counted = 同时将本轮单元计入研究(它们是由所有人编码的研究单元)
training-take-coded = 也从已编码的单元中抽取(除非本轮计入研究,否则它们的编码将移出研究的信度与结果)
training-blanks-count = 金标准已编码而受训者留空的可选变量计为错误
training-confirm-take = 本轮会把 { $units } 个已编码单元及其 { $codes } 条编码移出研究:研究的信度与结果将不再包含它们。
training-confirm-start = 开始并移出
training-confirm-cancel = 取消
training-drawing = 正在抽取本轮单元…
training-start = 开始本轮
training-bad-units = “{ $text }”不是单元数:请填写整数,例如 10。
training-bad-seed = “{ $text }”不是随机种子:请填写整数,例如 1。
training-bad-alpha = “{ $text }”不是有效的 α_min:请填写 0 到 1 之间的数,例如 0.800。
training-round-facts = { $units } 个单元 · 标准答案:{ $gold }({ $values } 个值)· α_min { $alpha_min } · { $coders } 位编码员中 { $passed } 位通过
training-round-counted = 本轮单元也计入研究。
training-round-open = 进行中:编码员正在编码;结束前他们看不到标准答案。
training-close = 结束本轮
training-close-named = 结束 { $round }
training-round-closed = 已于 { $time } 结束:编码保持结束时的样子;每位编码员可以在编码台中打开“查看我的培训结果”。
training-col-coder = 编码员
training-col-result = 结果
training-col-lowest = 最低 α(变量)
training-col-misses = 不一致
training-passed = 已通过
training-not-passed = 未通过
training-misses-not-coded = { $misses }({ $not_coded } 个未编码)
training-cleared = 经“{ $round }”获准
training-clear = 准予正式编码
training-clear-named = 准予 { $coder } 正式编码
training-per-variable = 各变量:与标准答案的 α 和一致率
