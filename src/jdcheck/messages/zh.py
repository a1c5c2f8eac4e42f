"""Chinese messages, keyed by rule code (same keys and variants as en.py)."""

TERMS = {
    "groupbuy": "团购",
    "homepage": "首页单品",
    "platform": "服装城/平台活动",
    "channel": "二三级资源",
    "spreadsheet": "提报表格",
    "slot_image": "资源位图片",
    "style_screenshot": "款式截图",
    "promo_screenshot": "促销截图",
    "screenshot": "截图",
    "links": "链接文件",
    "email": "邮件（.eml / .msg）",
    "html": "店铺装修页面",
    "shop_link": "店铺链接",
    "number": "数字",
    "integer": "整数",
    "datetime": "日期时间",
    "choice": "选项",
    "sku": "SKU",
    "text": "文本",
    "spaces": "首尾空格",
    "fullwidth": "全角字符",
    "currency": "货币符号",
    "unit": "单位",
    "thousands": "千位分隔符",
}

MESSAGES = {
    "M101": {
        "title": "缺少必需材料",
        "message": {
            "default": "文件夹中缺少{material}。",
            "shop_link": "找不到店铺链接：表格、links.txt 和 .url 快捷方式中都没有。",
            "unknown_screenshots": "缺少{material}：文件夹里的截图 {files} 从文件名看不出是哪一种截图。",
        },
        "fix": {
            "default": "把{material}放进文件夹。",
            "shop_link": "补充店铺链接，例如 https://mall.jd.com/index-1000001.html。",
            "unknown_screenshots": "把其中的{material}改名，文件名里包含“{word}”，例如 {example}。",
        },
        "explain": "每种提报都有类目负责人审核所需的材料，缺少任何一项，提报不会被考虑。",
    },
    "M102": {
        "title": "同类材料文件过多",
        "message": "有 {count} 个{material}，最多允许 {expected} 个，无法判断用哪一个。",
        "fix": "只保留正确的一个，其余移出文件夹。",
        "explain": "收到两个表格时类目负责人不会去猜哪个算数：提报被退回，资源位给了别人。",
    },
    "M103": {
        "title": "无关文件",
        "message": {
            "default": "该文件不属于{type}提报的任何材料。",
            "link_outside": "指向文件夹外（或不存在）的链接：未跟随，未检查。",
            "unreadable": "无法读取（没有权限？）：未检查。",
            "too_deep": "文件夹层级过深：未检查。",
            "too_many": "文件夹中文件过多：其余文件未检查。",
            "special": "不是普通文件（管道、设备或套接字）：未读取、未检查。",
            "page_files_alone": "像是浏览器“网页，全部”保存的网页资源文件夹，但旁边没有对应的网页文件：其中的文件未检查。",
        },
        "fix": "把它移出文件夹，或按用途重新命名。",
        "explain": "无关文件（.docx、.zip、备注）会干扰审核，也可能被误发。",
    },
    "M104": {
        "title": "文件名不符合命名规则",
        "message": {
            "default": "文件名不符合命名规则：{expected}。",
            "pattern": "文件名不符合规则文件中的格式 {expected}。",
        },
        "fix": "按图片对应的 SKU 命名，例如 100012043978.jpg 或 100012043978_1.jpg。",
        "explain": "资源位图片按文件名与表格行对应：`<SKU>.<扩展名>` 或 `<SKU>_<任意>.<扩展名>`。对不上的图片不会被使用。",
    },
    "M105": {
        "title": "材料之间不一致",
        "message": {
            "default": "SKU {sku} 没有资源位图片。",
            "no_row": "该图片对应 SKU {sku}，但表格中没有这个 SKU。",
        },
        "fix": {
            "default": "补充 {sku}.jpg（{size}），或删除该行。",
            "no_row": "把图片改名为表格中的 SKU，或在表格中补充该行。",
        },
        "explain": "每个 SKU 行都要有资源位图片，每张图片也要有对应的行：类目负责人用两者一起搭建资源位。",
    },
    "M106": {
        "title": "缺少促销截图",
        "message": {
            "default": "没有促销截图，而活动 {start} 开始（{days} 天内）。",
            "unknown_screenshots": "没有促销截图，而活动 {start} 开始（{days} 天内）；截图 {files} 从文件名看不出是哪一种截图。",
        },
        "fix": {
            "default": "在后台设置好促销并补充截图（文件名含“促销”）。",
            "unknown_screenshots": "如果其中有促销截图，把它改名，文件名里包含“{word}”，例如 {example}；否则在后台设置好促销并补充截图。",
        },
        "explain": "上线前一天类目负责人会核对促销价是否设置；没有截图，资源位可能被收回。",
    },
    "I001": {
        "title": "图片无法读取",
        "message": {
            "default": "图片无法读取：{detail}。",
            "empty": "图片文件是空的（0 字节）。",
            "not_image": "这不是图片文件（{detail}）。",
            "truncated": "图片不完整（复制或下载中断）：{detail}。",
            "corrupt": "图片数据已损坏：{detail}。",
            "too_many_pixels": "图片像素过多，无法安全打开：{detail}。",
        },
        "fix": "从原图重新导出（JPEG 或 PNG）并替换该文件。",
        "explain": "损坏、截断或像素过大的图片在审核页面上显示为裂图。",
    },
    "I002": {
        "title": "图片尺寸错误",
        "message": "图片显示尺寸为 {actual} 像素，资源位要求正好 {expected}。",
        "fix": "裁剪/缩放到 {expected}（`jdcheck fix` 可自动处理）。",
        "explain": "资源位尺寸固定（团购 440×293），其他尺寸会被裁切或拉伸，因此会被退回。尺寸按显示方向计算（已应用 EXIF 旋转）。",
    },
    "I003": {
        "title": "文件过大",
        "message": "文件大小为 {actual}，必须小于 {expected}。",
        "fix": "降低 JPEG 质量或去掉元数据后重新保存（`jdcheck fix` 会找出限制内的最佳质量）。",
        "explain": "上传表单拒收超限文件。按 Windows 资源管理器的算法，1 KB = 1024 字节。",
    },
    "I004": {
        "title": "文件大小处于临界值",
        "message": "{actual} 字节：按 1 KB = 1024 字节小于 {kb} KB，按 1 KB = 1000 字节则超出。",
        "fix": "控制在 {safe} 字节以内，任何检查都能通过。",
        "explain": "有些上传检查按 1 KB = 1000 字节计算；处于两者之间的文件在资源管理器里看着合格，却会被拒收。",
    },
    "I005": {
        "title": "图片格式不允许",
        "message": {
            "default": "此处不允许 {actual} 格式，允许：{expected}。",
            "extension": "文件实际是 {actual} 格式，却以 {extension} 命名。",
        },
        "fix": {"default": "另存为 {expected}。", "extension": "另存为真正的 {extension_format}，或改用正确的扩展名。"},
        "explain": "资源位只接受所列格式；扩展名与实际格式不符的文件会被上传表单拒收。",
    },
    "I006": {
        "title": "非 RGB 色彩模式",
        "message": "色彩模式为 {actual}：浏览器可能显示偏色。",
        "fix": "转换为 RGB（sRGB）后重新保存。",
        "explain": "印刷流程产出的 CMYK JPEG 在浏览器和京东页面上会偏色甚至无法显示。",
    },
    "I007": {
        "title": "含 EXIF 方向标记",
        "message": "EXIF 方向为 {orientation}：存储尺寸 {stored}，显示尺寸 {actual}。",
        "fix": "把旋转应用到像素上，并去掉该标记后保存。",
        "explain": "有些查看器忽略该标记，类目负责人看到的图片可能是旋转的、尺寸也不同。",
    },
    "I008": {
        "title": "动图",
        "message": "需要静态图片，但这是动图。",
        "fix": "导出单帧静态图片。",
        "explain": "资源位显示静态图片；动图会被拒收或只显示第一帧。",
    },
    "S001": {
        "title": "表格无法读取",
        "message": {
            "default": "表格无法读取：{detail}。",
            "encrypted": "工作簿设置了打开密码（已加密）：类目负责人无法打开。",
            "unsupported": "不支持的表格格式：{detail}。",
            "empty": "表格文件是空的（0 字节）。",
        },
        "fix": {
            "default": "用 Excel 或 WPS 打开，另存为 .xlsx 后替换该文件。",
            "encrypted": "取消密码（文件 → 信息 → 保护工作簿 → 用密码进行加密，清空密码）后保存。",
        },
        "explain": "打不开的表格等于没有提报。",
    },
    "S002": {
        "title": "表头与模板不一致",
        "message": {
            "default": "缺少列 {expected}。",
            "renamed": "列 {actual} 应为 {expected}。",
            "extra": "列 {actual} 不在模板中。",
            "order": "列 {expected} 位于第 {actual} 列，模板中应为第 {position} 列。",
            "no_header": "前 {rows} 行中找不到与模板匹配的表头。",
        },
        "fix": {
            "default": "从最新模板复制表头（`jdcheck template`）。",
            "renamed": "把表头改为 {expected}。",
            "extra": "删除该列，或使用最新模板。",
            "order": "按模板顺序排列各列。",
        },
        "explain": "类目负责人按表头合并各店铺的表格；改名、缺少或移动一列，表格就会被退回。",
    },
    "S003": {
        "title": "模板版本过旧",
        "message": "模板版本为 {actual}，当前版本为 {expected}。",
        "fix": "使用当前模板填写（`jdcheck template`）。",
        "explain": "模板会更新；旧版本可能缺少类目负责人现在需要的字段。",
    },
    "S004": {
        "title": "必填单元格为空",
        "message": "必填项 {column} 为空。",
        "fix": "填写 {column}。",
        "explain": "带 * 的列每一行都必须填写。",
    },
    "S005": {
        "title": "数据类型错误",
        "message": {
            "default": "{column}：{actual} 不是{kind}。",
            "choice": "{column}：{actual} 不在可选值 {expected} 中。",
        },
        "fix": {"default": "在 {column} 中填写{kind}。", "choice": "从 {expected} 中选择。"},
        "explain": "类目负责人的工具按数字、日期或固定选项读取各列；其他文本会出错。",
    },
    "S006": {
        "title": "数值超出范围",
        "message": {
            "default": "{column} 为 {actual}，要求 {expected}。",
            "unless": "{column} 为 {actual}，要求 {expected}（标注 {unless} 的行除外）。",
        },
        "fix": {"default": "把 {column} 改为 {expected}。", "unless": "把 {column} 改为 {expected}，或把该行标注为 {unless}。"},
        "explain": "部分数值有资源位的限制（库存为 0 无法售卖；团购库存一般为 800–2000）。",
    },
    "S007": {
        "title": "SKU 格式错误",
        "message": {
            "default": "SKU {actual} 不是 {expected}。",
            "scientific_text": "SKU {actual} 是科学计数法：数字已经丢失。",
            "long_number": "SKU {actual} 以数字格式保存：Excel 显示为 {shown}，超过 15 位会被舍入。",
        },
        "fix": {
            "default": "从商品页复制 SKU（只含数字）。",
            "scientific_text": "把该列设为文本格式，再从商品页重新填写 SKU。",
            "long_number": "把该列设为文本格式，再重新填写 SKU。",
        },
        "explain": "SKU 为 6–14 位数字。Excel 会把长数字显示为 1.00012E+11 并舍入；损坏的 SKU 指向别的商品。",
    },
    "S008": {
        "title": "SKU 重复",
        "message": "SKU {actual} 与第 {first_row} 行重复。",
        "fix": "每个 SKU 只保留一行。",
        "explain": "一个 SKU 一行：重复会让类目负责人不知道以哪个价格为准。",
    },
    "S009": {
        "title": "单元格需要清理",
        "message": "{column}：{actual} 含有{reasons}；读作 {value}。",
        "fix": "直接填写 {value}。",
        "explain": "全角数字、货币符号、单位和多余空格 jdcheck 能读懂，但更严格的工具可能拒收。",
    },
    "S010": {
        "title": "没有数据行",
        "message": "表头下面没有数据行。",
        "fix": "在表头下每个 SKU 填写一行。",
        "explain": "只有表头的模板什么也没有提报。",
    },
    "S011": {
        "title": "隐藏的数据",
        "message": {
            "default": "隐藏的工作表 {sheet} 中有数据：它也会被一起提交。",
            "row": "该行被隐藏但有数据：它也会被一起提交。",
            "column": "列 {column} 被隐藏但有数据：它也会被一起提交。",
        },
        "fix": "取消隐藏，并删除不该提交的内容。",
        "explain": "隐藏的工作表、行和列会随文件一起发送，类目负责人能看到。",
    },
    "S012": {
        "title": "公式没有计算结果",
        "message": "单元格 {cell} 是公式但没有保存结果：其他软件读到的是空值。",
        "fix": "用 Excel 或 WPS 打开并保存，或直接填写数值。",
        "explain": "程序生成的文件只有公式没有结果，要由 Excel 或 WPS 重新计算并保存。",
    },
    "L001": {
        "title": "不是网址",
        "message": "{actual} 不是网址。",
        "fix": "粘贴以 https:// 开头的完整链接。",
        "explain": "链接字段必须是类目负责人能打开的链接。",
    },
    "L002": {
        "title": "不是京东商品链接",
        "message": "不是京东商品链接：{actual}。",
        "fix": "使用商品页链接，例如 https://item.jd.com/100012043978.html。",
        "explain": "商品链接必须打开京东上的商品（item.jd.com/<SKU>.html 或其移动端形式）。",
    },
    "L003": {
        "title": "不是京东店铺链接",
        "message": {
            "default": "不是京东店铺链接：{actual}。",
            "backoffice": "{actual} 是商家后台（shop.jd.com），不是店铺首页。",
        },
        "fix": "使用店铺首页链接，例如 https://mall.jd.com/index-1000001.html。",
        "explain": "店铺链接必须打开买家看到的店铺首页。",
    },
    "L004": {
        "title": "链接对应的 SKU 不同",
        "message": "链接对应 SKU {actual}，本行 SKU 为 {expected}。",
        "fix": "从 SKU {expected} 的商品页复制链接。",
        "explain": "链接指向别的商品，类目负责人会看到错误的商品。",
    },
    "L005": {
        "title": "店铺链接指向不同店铺",
        "message": {
            "default": "该店铺链接打开的是另一家店铺（{actual}），本次提报 {total} 处店铺链接中有 {count} 处指向 {expected}。",
            "page": "装修页面链接到另一家店铺（{actual}），本次提报 {total} 处店铺链接中有 {count} 处指向 {expected}。",
        },
        "fix": {
            "default": "这里改用本店铺的链接（{expected}）；如果这个才是对的，就改正其他链接。",
            "page": "把页面链接改成本店铺（{expected}），或删除指向其他店铺的链接。",
        },
        "explain": "一次提报来自一个店铺：表格、links.txt、.url 快捷方式和装修页面里的每个店铺链接都会比较，多数链接指向的店铺"
                   "视为本店铺（数量相同时依次以表格的店铺链接、links.txt、.url 为准）。指向其他店铺的链接像是从别的提报复制来的，"
                   "或者把买家带到了别的店铺。页面中只有 mall.jd.com/index-…、mall.jd.com/view_search-… 和 "
                   "shop.m.jd.com/?shopId=… 算店铺链接，京东的服务页面从来不算。",
    },
    "L006": {
        "title": "短链接或推广链接",
        "message": "{actual} 是短链接/推广链接：离线无法核实。",
        "fix": "改用完整的商品或店铺链接。",
        "explain": "短链接看不出指向哪里；类目负责人需要完整链接。",
    },
    "L007": {
        "title": "链接打不开",
        "message": {
            "default": "{actual} 打不开：{detail}。",
            "redirected": "{actual} 跳转离开了商品/店铺页（到 {detail}）：商品可能已下架或链接有误。",
            "unverified": "无法核实 {actual}：{detail}。",
            "refused": "未打开 {actual}：{detail}（内网/本机地址，需 --allow-private）。",
        },
        "fix": {
            "default": "在浏览器中打开链接，换成页面的实际地址。",
            "redirected": "确认商品在售、店铺正常，换成浏览器地址栏里的商品/店铺页地址。",
            "unverified": "网站拒绝了自动检查：请在浏览器中手动打开确认。",
            "refused": "换成京东的公网链接。",
        },
        "explain": "使用 --online 时 jdcheck 会打开每个链接：返回错误或跳转离开商品/店铺页，说明商品已下架或链接错误。",
    },
    "P001": {
        "title": "价格不低于京东价",
        "message": {
            "default": "{column} {actual} 不低于京东价 {expected}。",
            "not_higher": "{column} {actual} 高于京东价 {expected}。",
        },
        "fix": {"default": "把 {column} 设为低于京东价 {expected}。", "not_higher": "把 {column} 设为不高于京东价 {expected}。"},
        "explain": "团购价或活动价必须是在京东价基础上的真实优惠。",
    },
    "P002": {
        "title": "活动价过低",
        "message": "{column} {actual} 必须高于 {expected}。",
        "fix": "选择活动价高于 {expected} 的商品。",
        "explain": "首页单品的活动价必须高于 149 元。",
    },
    "P003": {
        "title": "促销时间不一致",
        "message": {
            "default": "促销时间 {actual} 与活动时间 {expected} 不一致。",
            "rows": "促销日期 {actual} 与 {expected}（第 {first_row} 行及多数行）不一致。",
        },
        "fix": {"default": "把促销时间设为与活动时间 {expected} 相同。", "rows": "所有行使用相同的促销日期（{expected}）。"},
        "explain": "首页单品的促销必须与活动同时进行；一个二三级资源位的所有商品使用同一个促销时间段。",
    },
    "P004": {
        "title": "团购时间不是 09:30 → 09:30",
        "message": "时间为 {actual}；团购应为 {expected}。",
        "fix": "开始和结束时间都设为 {time}。",
        "explain": "团购在 09:30 切换；其他时间会让资源位空档或重叠。",
    },
    "P005": {
        "title": "活动时间错误",
        "message": {
            "default": "结束时间 {actual} 不晚于开始时间 {expected}。",
            "ended": "活动已经结束（{actual}，今天是 {today}）。",
        },
        "fix": "修改开始和结束时间。",
        "explain": "活动必须在开始之后结束，并且不能已经结束。",
    },
    "P006": {
        "title": "已在其他平台做过团购",
        "message": "{column} 为 {actual}：团购价必须全网最低且未在其他平台使用过。",
        "fix": "只提报未在其他平台做过团购的商品（否）。",
        "explain": "京东团购要求价格从未在其他平台出现过。",
    },
    "P007": {
        "title": "季节与开团月份不符",
        "message": "季节 {actual} 与开团月份 {month} 月不符（{expected}）。",
        "fix": "选择适合 {month} 月的当季商品，或填写四季。",
        "explain": "类目负责人挑选当季商品：春 3–5 月，夏 6–8 月，秋 9–11 月，冬 12–2 月。",
    },
    "P008": {
        "title": "发货时效过长",
        "message": "{column} 为 {actual} 小时，普通团不得超过 {expected} 小时。",
        "fix": "在 {expected} 小时内发货，或将该行标为预定团。",
        "explain": "普通团必须在 24 小时内发货；只有预定团可以更长。",
    },
    "T001": {
        "title": "显示名称就是商品名称",
        "message": "{column} {actual} 是商品名称或其中一段。",
        "fix": "使用促销用语，例如：{suggestions}。",
        "explain": "首页显示名称要突出优惠；照搬商品名称浪费了资源位。",
    },
    "T002": {
        "title": "缺少广告语",
        "message": "{column} 为空：该资源位需要广告语。",
        "fix": "写一句简短的广告语，例如“秋冬新款 限时直降”。",
        "explain": "首页和二三级资源位会显示广告语；没有广告语无法搭建资源位。",
    },
    "T003": {
        "title": "违禁词",
        "message": "{column} 含有违禁词 {actual}。",
        "fix": "删除“{actual}”。",
        "explain": "《广告法》第九条禁止使用绝对化用语，部分说法京东只允许自营或授权店铺使用；含这些词的标题会被退回。",
    },
    "T004": {
        "title": "标题不符合规范",
        "message": {
            "default": "标题有 {actual} 个字，最多 {expected} 个。",
            "too_short": "标题只有 {actual} 个字；应包含品牌、属性、品类词和货号。",
            "no_brand": "标题没有以品牌 {expected} 开头。",
            "no_item_number": "标题中没有货号，例如 RQT-2201。",
            "no_category": "标题中没有品类词（{expected}）。",
        },
        "fix": "按“品牌 + 属性 + 品类词 + 货号”书写，例如“红蜻蜓 真皮保暖 雪地靴 RQT-2201”。",
        "explain": "京东标题应为品牌 + 属性 + 品类词 + 货号，并有长度限制。",
    },
    "V001": {
        "title": "不是主推尺码的 SKU",
        "message": "提报的是 {actual} 码，资源位需要主推尺码 {expected}。",
        "fix": "提报 {expected} 码的 SKU。",
        "explain": "类目负责人展示主推尺码（鞋类为 37 码）；其他尺码对多数买家显示为无货。",
    },
    "V002": {
        "title": "主推尺码无库存",
        "message": "主推尺码（{size} 码）的 SKU 库存为 {actual}。",
        "fix": "提报前为主推尺码备货。",
        "explain": "主推尺码买不到，资源位的流量就浪费了。",
    },
    "E001": {
        "title": "邮件无法解析",
        "message": "邮件无法解析：{detail}。",
        "fix": "从邮件客户端重新保存这封邮件（.eml；经典版 Outlook 另存为 .msg 即可）。",
        "explain": "二三级资源提报就是这封邮件；读不出来等于没有提报。",
    },
    "E002": {
        "title": "邮件中没有截图",
        "message": "邮件中没有截图（附件和正文中的图片：{actual}；小于 100×100 像素的图片，如签名图标，不算截图）。",
        "fix": "附上截图，或把截图粘贴到正文中。",
        "explain": "二三级资源提报的邮件中必须有截图。",
    },
    "E003": {
        "title": "邮件中缺少商品信息",
        "message": {
            "default": "邮件中没有写出 SKU {sku}（表格第 {sheet_row} 行）。",
            "price": "邮件中 SKU {sku} 的价格为 {actual}，表格中为 {expected}。",
            "link": "邮件中缺少 SKU {sku} 的商品链接（表格第 {sheet_row} 行）。",
            "no_price": "邮件中没有 SKU {sku} 的价格。",
            "attached_mail": "邮件中没有写出 SKU {sku}（表格第 {sheet_row} 行）；邮件只把 {attached} 作为附件带上，类目负责人要另外打开它。",
        },
        "fix": "在邮件中写明每个商品的 SKU、价格和链接，与表格一致。",
        "explain": "类目负责人先看邮件；邮件必须与表格一致。",
    },
    "E004": {
        "title": "邮件主题为空或不规范",
        "message": {"default": "邮件主题为空。", "pattern": "主题 {actual} 不符合格式 {expected}。"},
        "fix": "按规则文件的要求写主题，例如“{example}”。",
        "explain": "类目负责人按主题筛选提报邮件。",
    },
    "H001": {
        "title": "链接没有在新窗口打开",
        "message": {
            "default": "商品链接 {actual} 没有 target=\"_blank\"：会在当前窗口打开。",
            "other_target": "商品链接 {actual} 的 target 为 \"{target}\"，不是 \"_blank\"：不会在新窗口打开。",
        },
        "fix": "给链接加上 target=\"_blank\"。",
        "explain": "装修页面中的链接必须在新窗口打开，让买家留在店铺页面。",
    },
    "H002": {
        "title": "链接离开京东",
        "message": {
            "default": "链接 {actual} 离开了京东：不是京东的网址。",
            "unreadable": "页面无法读取（{detail}），无法检查其中的链接。",
        },
        "fix": {"default": "只链接到京东的页面（商品、本店铺、京东活动页），或删除该链接。",
                "unreadable": "重新保存页面：HTML（UTF-8 或 GBK）或“网页，单个文件”（.mhtml）。"},
        "explain": "店铺装修只能把买家带到京东。jd.com、jd.hk、3.cn、360buy.com、360buyimg.com 下的网址都是京东自己的"
                   "（店内搜索页、pro.jd.com 活动页、优惠券、列表页）；# 锚点和 javascript: 不算链接。页面写明了自己的京东地址时"
                   "（浏览器保存的页面会写），相对链接也算京东的。无法读取的页面也报告为此项：无法证明其中只有京东链接。",
    },
    "H003": {
        "title": "页面价格与表格不符",
        "message": "页面中 SKU {sku} 显示的价格为 {actual}，表格（第 {sheet_row} 行）为 {expected}。",
        "fix": "改正页面上的价格；如果页面是对的，就改正表格的价格：两者必须一致。",
        "explain": "商品价格要与页面相符：类目负责人会核对装修页面上的价格和提报价格。价格在商品出现的地方读取——商品链接"
                   "或其所在的列表项/商品块：京东的 J-p-<SKU> 价格元素、class 含 price 的元素，或 ¥/￥ 金额；划线原价不读。"
                   "没有显示价格的商品不检查。",
    },
    "H004": {
        "title": "售罄商品在页面上没有标注",
        "message": "SKU {sku} 已售罄（表格第 {sheet_row} 行：库存 0，标注售罄 是），但页面这里没有售罄标记。",
        "fix": "在页面上替换掉该商品，或在它出现的地方标明售罄（例如在图片上或价格旁加“售罄”）。",
        "explain": "无货商品必须替换掉或者在页面标明售罄：不能让买家点进买不到的商品。标记在商品链接或其所在的列表项/商品块中"
                   "查找：文字（售罄、已售罄、sold out …），或 class、id、图片名（soldout.png、class=\"shouqing\"）。"
                   "商品在页面上每出现一处都要标注。",
    },
    "X001": {
        "title": "检查程序内部错误",
        "message": "检查 {check} 出错：{detail}。这是 jdcheck 的缺陷；其他检查已照常进行。",
        "fix": "请附上文件反馈该问题（加 --debug 可看到详细信息）。",
        "explain": "某项检查在该文件上崩溃。有检查无法完成时，提报不会被判为通过。",
    },
    "X002": {
        "title": "文件夹无法检查",
        "message": "该文件夹无法检查：{detail}",
        "fix": {
            "default": "让运行 jdcheck 的账号可以读取该文件夹，然后重新运行批量检查。",
            "config": "按提示的文件和行号修正 jdcheck.yaml 或规则文件，然后重新运行批量检查。",
        },
        "explain": "批量检查时，无法读取的文件夹（没有权限、运行中被移动或删除）或 jdcheck.yaml、规则文件有错误的文件夹"
                   "算作未通过，并给出原因；其他文件夹照常检查。没有检查过的提报不会被判为通过。",
    },
}

UI = {
    "error": "错误",
    "warning": "警告",
    "row": "第 {row} 行",
    "line": "第 {row} 行",
    "expected": "应为",
    "actual": "实际",
    "fix": "修改",
    "passed": "通过",
    "failed": "未通过",
    "summary": "{verdict}  {errors} 个错误，{warnings} 个警告，检查了 {files} 个文件",
    "strict_note": "（--strict：警告也算不通过）",
    "no_findings": "没有发现问题。",
    "submission": "（整体）",
    "header": "jdcheck {type} · {folder}",
    "batch_header": "jdcheck 批量检查 · {root}",
    "batch_folder": "文件夹",
    "batch_type": "类型",
    "batch_errors": "错误",
    "batch_warnings": "警告",
    "batch_result": "结果",
    "batch_codes": "问题代码 / 原因",
    "batch_skipped": "已跳过（未检查）：",
    "batch_none": "没有找到提报文件夹。",
    "batch_summary": "{verdict}  检查了 {folders} 个文件夹：{passed} 个通过，{failed} 个未通过；跳过 {skipped} 个",
    "batch_hint": "查看某个文件夹的详情：jdcheck check 文件夹（或加 --format json）",
    "skip_not_recognised": "不是提报文件夹：没有 jdcheck.yaml，名称也不以类型名开头",
    "skip_empty": "空文件夹",
    "skip_unreadable": "无法读取（{detail}），无法判断是否为提报文件夹",
    "skip_link": "符号链接，不跟随",
    "skip_too_deep": "距根目录超过 {depth} 层，未搜索",
}
