"""English messages, keyed by rule code.

`message` and `fix` are format templates over the hit's fields (`expected`, `actual`, `row`,
`column`) and its params; a dict of them is keyed by the hit's variant ("default" otherwise).
"""

TERMS = {
    "groupbuy": "group-buy",
    "homepage": "homepage item",
    "platform": "platform activity",
    "channel": "second/third-level slot",
    "spreadsheet": "spreadsheet",
    "picture": "pictures",
    "slot_image": "slot image",
    "style_screenshot": "style screenshot",
    "promo_screenshot": "promotion screenshot",
    "screenshot": "screenshot",
    "links": "links file",
    "email": "email (.eml / .msg)",
    "html": "shop decoration page",
    "shop_link": "shop link",
    "number": "number",
    "integer": "whole number",
    "datetime": "date and time",
    "datetime_format": "yyyy-mm-dd hh:mm",
    "choice": "choice",
    "sku": "SKU",
    "text": "text",
    "spaces": "leading/trailing spaces",
    "invisible": "invisible characters (a zero-width space or the like)",
    "control": "control characters (such as a backspace pasted from another program)",
    "fullwidth": "full-width characters",
    "currency": "currency sign",
    "unit": "unit",
    "thousands": "thousands separator",
    "still_image": "still image",
    "animated_image": "animated",
    "read_unreadable": "cannot be read (permission or I/O error)",
    "read_empty": "empty file",
    "read_not_image": "not an image",
    "read_truncated": "cut off",
    "read_corrupt": "corrupt",
    "read_too_many_pixels": "too many pixels",
    "read_encrypted": "encrypted",
    "read_unsupported": "unsupported format",
    "app_wechat": "WeChat",
    "app_camera": "a phone camera",
}

MESSAGES = {
    "M101": {
        "title": "Required material missing",
        "message": {
            "default": "No {material} in the folder.",
            "shop_link": "No shop link anywhere: not in the spreadsheet, links.txt or a .url shortcut.",
            "shop_link_misnamed": "No shop link in the spreadsheet, {expected} or a .url shortcut; {files} holds links, but only a links file named {expected} is read.",
            "unknown_screenshots": "No {material}: the name of the screenshot(s) {files} does not say which screenshot it is.",
            "stray_pictures": "No {material} in the folder; the picture(s) {files} match no material and may be the {material} (e.g. image001.jpg as Outlook saves a pasted picture).",
        },
        "fix": {
            "default": "Add the {material} to the folder.",
            "shop_link": "Add the shop link, e.g. https://mall.jd.com/index-1000001.html.",
            "shop_link_misnamed": "Rename {file} to {expected}.",
            "unknown_screenshots": "Rename the {material} among them so that its name contains “{word}”, e.g. {example}.",
            "stray_pictures": "If it is the {material}, rename it so that its name contains “{word}”, e.g. {example}; otherwise add the {material} to the folder.",
        },
        "explain": "Every submission type has materials the category manager needs to judge it; a submission without one of them is not considered.",
    },
    "M102": {
        "title": "Too many files of one material",
        "message": {
            "default": "{count} files are a {material}; at most {expected} allowed, so it is unclear which one is meant.",
            "sheets": "The workbook has {count} sheets with the template's header and data ({sheets}), and they differ: which one is meant? jdcheck checked {sheet}; an import usually reads the first.",
            "sheets_same": "The workbook has {count} sheets with the template's header and data ({sheets}), holding the same data (a backup?).",
        },
        "fix": {
            "default": "Keep the right one and move the others out of the folder.",
            "sheets": "Keep the right sheet and delete the others.",
            "sheets_same": "Delete the extra copy and keep one sheet.",
        },
        "explain": "A manager who gets two spreadsheets does not guess which one counts: the submission goes back, and the slot goes to someone else. Two filled-in submission sheets in one workbook are the same: an import reads the first, the manager the one that opens.",
    },
    "M103": {
        "title": "Stray file",
        "message": {
            "default": "This file matches no material of a {type} submission.",
            "link_outside": "A link pointing outside the folder (or nowhere): not followed, not checked.",
            "unreadable": "This cannot be read (permission denied?): not checked.",
            "too_deep": "Folders nested too deep: not checked.",
            "too_many": "Too many files in the folder: the rest were not checked.",
            "special": "Not a regular file (a pipe, device or socket): not read, not checked.",
            "page_files_alone": "Looks like the resources folder of a page saved as \"Webpage, Complete\", but its page is not beside it: its files were not checked.",
            "links_name": "This file holds links, but only a links file named {expected} is read: its links were not checked.",
            "heic_photo": "An iPhone photo in HEIC format: JD takes JPEG or PNG, so it is no slot image or screenshot of the submission.",
        },
        "fix": {
            "default": "Remove it from the folder, or rename it so its role is clear.",
            "links_name": "Rename it {expected} (when the folder already has {expected}, move its links there).",
            "heic_photo": "Export it as JPEG (on the iPhone: Settings > Camera > Formats > Most Compatible, or share it as JPEG) and name it by its SKU, e.g. {expected}.",
        },
        "explain": "Stray files (.docx, .zip, notes) confuse the manager and may be sent by mistake.",
    },
    "M104": {
        "title": "File name breaks the naming rule",
        "message": {
            "default": "The file name does not follow the naming rule: {expected}.",
            "pattern": "The file name does not match the rule file's pattern {expected}.",
            "spaces": "The file name has a space before its extension or at its start ({actual}): invisible in Explorer, but it does not match the SKU.",
            "app_name": "{actual} is the name {app} gives a picture it saves: it is not named after a SKU.",
            "sheet_format": "The workbook is a {format} file named {extension}: Excel warns that the format and the extension do not match, or does not open it.",
        },
        "fix": {
            "default": "Rename it after the SKU it shows, e.g. 100012043978.jpg or 100012043978_1.jpg.",
            "spaces": "Rename it to {expected} (without the space).",
            "app_name": "If it is a slot image, name it after its SKU (100012043978.jpg); if it is a screenshot, put 款式截图 (style) or 促销截图 (promotion) in its name.",
            "sheet_format": "Change the extension to {format}, or open it in Excel or WPS and save it as {extension}.",
        },
        "explain": "Slot images are matched to spreadsheet rows by name: `<SKU>.<ext>` or `<SKU>_<anything>.<ext>`. An image the manager cannot match is not used. "
                   "A workbook's extension must name its format: Excel refuses an .xls renamed .xlsx, and warns that an .xlsx renamed .xls may be corrupt.",
    },
    "M105": {
        "title": "Materials disagree",
        "message": {
            "default": "SKU {sku} has no slot image.",
            "no_row": "This slot image names SKU {sku}, which is not in the spreadsheet.",
            "style": "SKU {sku} has no style screenshot: the style screenshots are named per SKU, none for this row.",
            "style_no_row": "This style screenshot names SKU {sku}, which is not in the spreadsheet.",
        },
        "fix": {
            "default": "Add {sku}.jpg ({size}), or remove the row.",
            "no_row": "Rename the image to a SKU of the spreadsheet, or add the row.",
            "style": "Add {example}, or remove the row.",
            "style_no_row": "Rename the screenshot to a SKU of the spreadsheet, or add the row.",
        },
        "explain": "Each SKU row needs its slot image and each slot image its row: the manager builds the slot from both. "
                   "So do style screenshots named per SKU (款式截图-<SKU>.jpg): each row is sent its own; "
                   "one 款式截图.jpg without a SKU is sent for every row.",
    },
    "M107": {
        "title": "Spreadsheet is a jdcheck annotated copy",
        "message": {
            "default": "This is an annotated copy written by jdcheck --annotate.",
            "sheet": "The workbook has jdcheck's summary sheet {sheet}: it is an annotated copy written by --annotate.",
            "comments": "{count} cells carry jdcheck's comments (the first at {cell}): it is an annotated copy written by --annotate.",
        },
        "fix": "Send the original spreadsheet, or write a clean copy with `jdcheck fix`.",
        "explain": "An annotated copy has coloured cells, comments starting with a rule code and a jdcheck summary sheet, and all of it would go to the manager. The header notes `jdcheck template` writes do not count.",
    },
    "M106": {
        "title": "Promotion screenshot missing",
        "message": {
            "default": "No promotion screenshot, although it is due from {days} days before the activity starts ({start}).",
            "unknown_screenshots": "No promotion screenshot, although it is due from {days} days before the activity starts ({start}); the name of the screenshot(s) {files} does not say which screenshot it is.",
        },
        "fix": {
            "default": "Set up the promotion in the back office and add its screenshot, with “促销” (promotion) in its name, e.g. 促销截图.jpg.",
            "unknown_screenshots": "If one of them is the promotion screenshot, rename it so that its name contains “{word}”, e.g. {example}; else set up the promotion and add its screenshot.",
        },
        "explain": "The day before launch the manager checks that the promotion price is set up; without the screenshot the slot can be withdrawn.",
    },
    "I001": {
        "title": "Image cannot be read",
        "message": {
            "default": "The image cannot be read: {detail}.",
            "empty": "The image file is empty (0 bytes).",
            "not_image": "This is not an image file ({detail}).",
            "truncated": "The image is cut off (an incomplete copy or download): {detail}.",
            "corrupt": "The image data is corrupt: {detail}.",
            "too_many_pixels": "The image is far too large to open safely: {detail}.",
            "unreadable": "The image cannot be read: {detail} (the file itself may be fine).",
        },
        "fix": {
            "default": "Export the image again from the original (JPEG or PNG) and replace this file.",
            "unreadable": "Let the account running jdcheck read the file (Properties → Security), or copy the folder to this computer and check it again.",
        },
        "explain": "A corrupt, truncated or oversized image shows as a broken picture on the manager's page.",
    },
    "I002": {
        "title": "Wrong pixel size",
        "message": "The image is {actual} pixels as displayed; the slot needs exactly {expected}.",
        "fix": "Crop/resize to exactly {expected} (`jdcheck fix` does it).",
        "explain": "Slots have fixed sizes (group-buy 440×293); the manager's page crops or stretches anything else, so such images are rejected. The size counts as displayed, after the EXIF rotation the manager's browser applies (a JPEG's EXIF block, a PNG's eXIf chunk before the image data; an orientation only in XMP or a text chunk is not applied).",
    },
    "I003": {
        "title": "File too large",
        "message": "The file is {actual}; it must be under {limit}.",
        "fix": {
            "default": "Save with a lower JPEG quality or strip metadata (`jdcheck fix` finds the best quality under the limit).",
            "png": "PNG is lossless, so a photo rarely fits: save it as JPEG, which this slot takes (`jdcheck fix` converts it to the best JPEG under the limit), or keep PNG with fewer colours (a 256-colour palette).",
            "png_only": "PNG is lossless: reduce the colours (a 256-colour palette, as pngquant or TinyPNG do) or simplify the picture; `jdcheck fix` tries a 256-colour palette.",
            "convert": "Save it as JPEG, which this slot takes (`jdcheck fix` converts it to the best JPEG under the limit).",
        },
        "explain": "Upload forms refuse files over the limit. 1 KB = 1024 bytes, as Windows Explorer counts.",
    },
    "I004": {
        "title": "Size on the edge of the limit",
        "message": "{actual} bytes is under {kb} KB when 1 KB = 1024 bytes but over it when 1 KB = 1000.",
        "fix": "Stay under {safe} bytes to pass any checker.",
        "explain": "Some upload checkers count 1 KB = 1000 bytes; a file between the two limits passes Explorer and fails them.",
    },
    "I005": {
        "title": "Format not allowed",
        "message": {
            "default": "The format {actual} is not allowed here; allowed: {expected}.",
            "extension": "The file is really {actual} but is named {extension}.",
        },
        "fix": {"default": "Save it as {expected}.", "extension": "Save it as a real {extension_format} or give it its true extension."},
        "explain": "Slots accept only the listed formats; a file whose extension lies about its format is refused by upload forms.",
    },
    "I006": {
        "title": "Non-RGB colour mode",
        "message": "Colour mode {actual}: browsers may show it with wrong colours.",
        "fix": "Convert the image to RGB (sRGB) and save again.",
        "explain": "CMYK JPEGs from print workflows look wrong or fail in browsers and on JD's pages.",
    },
    "I007": {
        "title": "EXIF orientation tag",
        "message": "EXIF orientation {orientation}: stored {stored}, displayed {actual}.",
        "fix": "Apply the rotation to the pixels and save without the tag.",
        "explain": "Some viewers ignore the tag, so the manager may see the picture rotated and with another size.",
    },
    "I008": {
        "title": "Animated image",
        "message": "Animated image where a still image is required.",
        "fix": "Export a single still frame.",
        "explain": "Slots show still images; an animation is refused or shows only its first frame.",
    },
    "I009": {
        "title": "No brand logo top-left",
        "message": {
            "default": "No brand logo found in the top-left corner (match {score}).",
            "missing": "No brand logo found in the top-left corner (match {score}).",
            "top_middle": "The brand logo is at the top middle, not top-left (match {score}).",
            "top_right": "The brand logo is top-right, not top-left (match {score}).",
            "unsure": "Something logo-like is top-left, but it may not be the brand logo (match {score}).",
            "unverified": "The brand name “{brand}” was not read top-left: the logo is unverified (not necessarily missing).",
            "unreadable": "The picture cannot be looked at: {detail}.",
        },
        "fix": {
            "default": "Put the brand logo in the top-left corner and the product in the rest (jdcheck fix --logo does it).",
            "unverified": "Set logo: brand-logo.png in jdcheck.yaml (or give --logo FILE) so the logo itself is matched.",
            "unreadable": "Export the picture again.",
        },
        "explain": "Managers ask for the brand logo top-left and the product in the rest (左上角是品牌logo). With a logo file, its colours and shape are matched at several sizes; without one, the sheet's 品牌 read by OCR in the corner counts, and not reading it is only 'unverified' (a picture-only logo has no text to read). Needs jdcheck[vision].",
    },
    "I010": {
        "title": "Too much text on the image",
        "message": {
            "default": "Too much text: {lines} lines, {chars} characters outside the logo corner: “{text}”.",
            "unreadable": "The picture cannot be looked at: {detail}.",
        },
        "fix": {"default": "Keep the logo and one slogan; selling points go on the product page.", "unreadable": "Export the picture again."},
        "explain": "不要有太多的字: 5 lines or more, or more than 40 characters outside the logo corner, as OCR reads them, is too much. Needs jdcheck[vision].",
    },
    "S001": {
        "title": "Spreadsheet cannot be read",
        "message": {
            "default": "The spreadsheet cannot be read: {detail}.",
            "encrypted": "The workbook is password-protected (encrypted): the manager cannot open it.",
            "unsupported": "Unsupported spreadsheet format: {detail}.",
            "empty": "The spreadsheet file is empty (0 bytes).",
            "unreadable": "The spreadsheet cannot be read: {detail} (the file itself may be fine).",
        },
        "fix": {
            "default": "Open the file in Excel or WPS, save it as .xlsx and replace this one.",
            "encrypted": "Remove the password (File → Info → Protect Workbook → Encrypt with Password, clear it) and save.",
            "unreadable": "Let the account running jdcheck read the file (Properties → Security), or copy the folder to this computer and check it again; close it in Excel/WPS if it is open there.",
        },
        "explain": "A workbook the manager cannot open is a submission that did not arrive.",
    },
    "S002": {
        "title": "Header does not match the template",
        "message": {
            "default": "Column {expected} is missing.",
            "renamed": "Column {actual} should be {expected}.",
            "extra": "Column {actual} is not in the template.",
            "order": "Column {column} is column {found_at}; the template has it as column {position}: the order found is {actual}, the template's {expected}.",
            "fullwidth": "Header {actual} is typed in full-width letters or digits: it looks like {expected} on screen but does not match on import.",
            "no_header": "No header row matching the template in the first {rows} rows.",
            "no_header_in": "No sheet ({sheets}) has a header row matching the template in its first {rows} rows.",
            "other_type": "The header is the {other} template's, not the {type} one's.",
        },
        "fix": {
            "default": "Copy the header row from the latest template (`jdcheck template`).",
            "renamed": "Rename the header cell to {expected}.",
            "extra": "Delete the column, or use the latest template.",
            "order": "Put the columns in the template's order.",
            "fullwidth": "Switch the input method to half-width (Shift+Space) and retype {expected}, or copy it from the template.",
            "other_type": "Fill in the {type} template `jdcheck template {type_name}` writes; if this is a {other} submission, correct `type` in jdcheck.yaml or the folder's name.",
        },
        "explain": "Managers merge many shops' sheets by header; one renamed, missing or moved column and the sheet is sent back.",
    },
    "S003": {
        "title": "Template outdated",
        "message": "Template version {actual}; the current one is {expected}.",
        "fix": "Fill in the current template (`jdcheck template`).",
        "explain": "Templates change; a sheet on an old version may lack fields the manager now needs.",
    },
    "S004": {
        "title": "Required cell empty",
        "message": "Required cell {column} is empty.",
        "fix": "Fill in {column}.",
        "explain": "Columns marked * must be filled on every row.",
    },
    "S005": {
        "title": "Wrong value type",
        "message": {
            "default": "{column}: {actual} is not a {kind}.",
            "choice": "{column}: {actual} is not one of {expected}.",
            "no_year": "{column}: {actual} has no year, so which year is meant is a guess.",
            "serial": "{column}: {actual} is not a promotion date: the cell holds a number, which Excel reads as days counted from 1 January 1900.",
            "yyyymmdd": "{column}: {actual} is not a date: its digits spell {reads} (yyyymmdd), but Excel and the manager's import do not read them as one.",
        },
        "fix": {"default": "Enter a {kind} in {column}.", "choice": "Choose one of {expected}.",
                "serial": "Write the full date and time as {expected}.",
                "yyyymmdd": "Write the full date and time as {expected}: {reads} and its time.",
                "no_year": "Write the full date and time, e.g. {expected}."},
        "explain": "The manager's tools read each column as a number, date or fixed choice; other text breaks them.",
    },
    "S006": {
        "title": "Value out of range",
        "message": {
            "default": "{column} is {actual}; expected {expected}.",
            "unless": "{column} is {actual}; expected {expected} unless the row is marked {unless}.",
        },
        "fix": {"default": "Correct {column} to {expected}.", "unless": "Correct {column} to {expected}, or mark the row {unless}."},
        "explain": "Some values have limits set by the slot (stock 0 cannot be sold; group-buys plan 800–2000 units).",
    },
    "S007": {
        "title": "SKU malformed",
        "message": {
            "default": "SKU {actual} is not {expected} digits.",
            "scientific_text": "SKU {actual} is in scientific notation: its digits are already lost.",
            "long_number": "SKU {actual} is stored as a number: Excel shows it as {shown} and rounds past 15 digits.",
        },
        "fix": {
            "default": "Type the SKU from the product page (digits only).",
            "scientific_text": "Format the column as Text and type the SKU again from the product page.",
            "long_number": "Format the column as Text and type the SKU again.",
        },
        "explain": "A SKU is 6–14 digits. Excel turns long numbers into 1.00012E+11 and rounds them; a damaged SKU points to another product.",
    },
    "S008": {
        "title": "Duplicate SKU",
        "message": "SKU {actual} is also on row {first_row}.",
        "fix": "Keep one row per SKU.",
        "explain": "One SKU, one row: duplicates make the manager guess which price counts.",
    },
    "S009": {
        "title": "Cell needs cleaning",
        "message": "{column}: {actual} has {reasons}; read as {value}.",
        "fix": "Type the plain value {value}.",
        "explain": "Full-width digits, currency signs, units, stray spaces and invisible characters (a zero-width space inside a title hides a banned word from the eye, not from JD) are read by jdcheck, but stricter tools may reject them.",
    },
    "S010": {
        "title": "No data rows",
        "message": "There are no data rows under the header.",
        "fix": "Fill in one row per SKU under the header.",
        "explain": "A template without rows submits nothing.",
    },
    "S011": {
        "title": "Hidden data",
        "message": {
            "default": "Hidden sheet {sheet} holds data: it is submitted too.",
            "row": "This row is hidden but holds data: it is submitted too.",
            "column": "Column {column} is hidden but holds data: it is submitted too.",
            "template_column": "The template's column {column} is hidden: the manager does not see it when opening the sheet.",
        },
        "fix": {"default": "Unhide it and delete what should not be sent; if it holds the options of the template's drop-down lists, leave it (deleting it breaks them).",
                "template_column": "Unhide the column {column} (select the columns on both sides → right-click → Unhide)."},
        "explain": "Hidden sheets, rows and columns travel with the file; the manager sees them.",
    },
    "S012": {
        "title": "Formula without a value",
        "message": "Cell {cell} holds a formula with no saved value: other readers see it empty.",
        "fix": "Open the file in Excel or WPS and save it, or type the value.",
        "explain": "Files written by programs keep formulas but no results until Excel or WPS recalculates and saves them.",
    },
    "S013": {
        "title": "Merged cells in the data rows",
        "message": "{range} is merged ({rows} rows): on import only the top-left cell has a value, so {column} is empty on the other rows.",
        "fix": "Unmerge the cells (Home ▸ Merge & Center) and fill {column} on every row.",
        "explain": "A brand typed once and merged over two rows looks filled to the operator; the manager's import, like any program reading the sheet, reads only the top-left cell of a merge. Merged title rows above the header are fine.",
    },
    "S014": {
        "title": "Example, instruction or total row",
        "message": {
            "default": "Row {row} is an example, instruction or total row ({text}): it would be imported as an item.",
            "signature": "Row {row} is a signature or contact line ({text}), not an item: it would be imported as one.",
        },
        "fix": {
            "default": "Delete the row (the template's example and instruction rows, and totals, are not sent).",
            "signature": "Delete the row; put who made or checked the sheet, and how to reach them, in the message or email to the category manager.",
        },
        "explain": "The template's example and instruction rows, or a total row the operator added, are imported as items. The row gets this one finding; every other check, cross-material ones included, skips it.",
    },
    "L001": {
        "title": "Not a URL",
        "message": "{actual} is not a URL.",
        "fix": "Paste the full link, starting with https://.",
        "explain": "Link fields must hold a link the manager can open.",
    },
    "L002": {
        "title": "Not a JD product link",
        "message": "Not a JD product link: {actual}.",
        "fix": "Use the product page link, e.g. https://item.jd.com/100012043978.html.",
        "explain": "The product link must open the item on JD (item.jd.com/<SKU>.html or a mobile form of it).",
    },
    "L003": {
        "title": "Not a JD shop link",
        "message": {
            "default": "Not a JD shop link: {actual}.",
            "backoffice": "{actual} is the merchant back office (shop.jd.com), not your storefront.",
        },
        "fix": "Use the storefront link, e.g. https://mall.jd.com/index-1000001.html.",
        "explain": "The shop link must open the shop's storefront as buyers see it.",
    },
    "L004": {
        "title": "Link is for another SKU",
        "message": "The link is for SKU {actual}; the row's SKU is {expected}.",
        "fix": "Copy the link of SKU {expected} from its product page.",
        "explain": "A link to another item sends the manager to the wrong product.",
    },
    "L005": {
        "title": "Links to different shops",
        "message": {
            "default": "This shop link opens another shop ({actual}) than {count} of the submission's {total} shop links ({expected}).",
            "page": "The decoration page links to another shop ({actual}) than {count} of the submission's {total} shop links ({expected}).",
        },
        "fix": {
            "default": "Use your own shop's link ({expected}) here, or correct the others if this one is right.",
            "page": "Link the page to your own shop ({expected}), or remove the link to the other shop.",
        },
        "explain": "One submission comes from one shop: every shop link — in the sheet, links.txt, .url shortcuts and the "
                   "decoration page — is compared, and the shop most of them open is taken as yours (on a tie: the sheet's "
                   "店铺链接, then links.txt, then .url). A link to another shop looks like a copy-paste from another "
                   "submission, or sends buyers to a sister shop. In a page, only mall.jd.com/index-…, "
                   "mall.jd.com/view_search-… and shop.m.jd.com/?shopId=… are shop links; JD's service pages never are.",
    },
    "L006": {
        "title": "Short or tracking link",
        "message": "{actual} is a short/tracking link: it cannot be verified offline.",
        "fix": "Give the full item or shop link instead.",
        "explain": "Short links hide where they lead; managers want the full link.",
    },
    "L008": {
        "title": "Link shows one address but opens another",
        "message": "{column} shows {expected} but opens {actual} when clicked.",
        "fix": "Remove the hyperlink (right-click ▸ Remove Hyperlink) and paste the right link, so the text and the address agree.",
        "explain": "The manager who clicks the cell opens the hyperlink's address; whoever copies it gets the text shown. When they differ one of them is wrong. The other checks read the text shown.",
    },
    "L007": {
        "title": "Link does not open",
        "message": {
            "default": "{actual} does not open: {detail}.",
            "redirected": "{actual} redirects away from the item/shop page (to {detail}): the item may be removed or the link wrong.",
            "unverified": "Could not verify {actual}: {detail}.",
            "refused": "{actual} not opened: {detail} (private/local address; needs --allow-private).",
        },
        "fix": {
            "default": "Open the link in a browser and replace it with the page's address.",
            "redirected": "Check the item is on sale and the shop open; use the item/shop page address from the browser's address bar.",
            "unverified": "The site refused an automatic check: open the link in a browser to confirm.",
            "refused": "Use JD's public link instead.",
        },
        "explain": "With --online, jdcheck opens each link: an error answer or a redirect away from the item/shop means a removed item or a wrong link.",
    },
    "P001": {
        "title": "Price not below JD price",
        "message": {
            "default": "{column} {actual} is not lower than 京东价 {expected}.",
            "not_higher": "{column} {actual} is above 京东价 {expected}.",
        },
        "fix": {"default": "Set {column} below 京东价 {expected}.", "not_higher": "Set {column} at or below 京东价 {expected}."},
        "explain": "A group-buy or activity price must be a real discount on the JD price.",
    },
    "P002": {
        "title": "Activity price too low",
        "message": "{column} {actual} must be above {floor}.",
        "fix": "Choose an item whose activity price is above {floor}.",
        "explain": "Homepage items must be priced above 149 yuan.",
    },
    "P003": {
        "title": "Promotion time differs",
        "message": {
            "default": "Promotion {actual} differs from the activity time {expected}.",
            "rows": "Promotion dates {actual} differ from {expected} (row {first_row} and most rows).",
        },
        "fix": {"default": "Set the promotion times to the activity times {expected}.", "rows": "Give every row the same promotion dates ({expected})."},
        "explain": "The promotion must run exactly while the activity runs (homepage), and one channel slot runs one promotion window for all its items.",
    },
    "P004": {
        "title": "Group-buy window not 09:30 → 09:30",
        "message": "Window {actual}; group-buys run {expected}.",
        "fix": "Start and end at {time}.",
        "explain": "Group-buys switch at 09:30; other times leave the slot empty or overlapping.",
    },
    "P005": {
        "title": "Bad activity window",
        "message": {
            "default": "End {actual} is not after start {expected}.",
            "ended": "The activity already ended ({actual}, today is {today}).",
        },
        "fix": "Correct the start and end times.",
        "explain": "An activity must end after it starts, and must not be over already.",
    },
    "P006": {
        "title": "Group-bought on another platform",
        "message": "{column} is {actual}: the price must be the lowest on the whole web and never used elsewhere.",
        "fix": "Only submit items not group-bought elsewhere (否).",
        "explain": "JD group-buys require a price never offered on another platform.",
    },
    "P007": {
        "title": "Season does not fit",
        "message": "季节 {actual} does not fit the start month {month} ({expected}).",
        "fix": "Choose a season item for month {month}, or 四季.",
        "explain": "Managers pick seasonal items: spring 3–5, summer 6–8, autumn 9–11, winter 12–2.",
    },
    "P008": {
        "title": "Shipping too slow",
        "message": "{column} {actual} hours is over {expected} hours for a 普通团.",
        "fix": "Ship within {expected} hours, or mark the row 预定团.",
        "explain": "Normal group-buys must ship within 24 hours; only pre-order group-buys (预定团) may take longer.",
    },
    "P009": {
        "title": "Promotion screenshot differs from the sheet",
        "message": {
            "default": "The promotion screenshot shows another time than {what}: sheet {expected}, read {actual}.",
            "sku": "The promotion price of SKU {sku} in the screenshot differs from {what}: sheet {expected}, read {actual}.",
            "price": "The promotion price in the screenshot differs from {what}: sheet {expected}, read {actual}.",
            "no_time": "No activity time could be read from the promotion screenshot.",
            "no_field_time": "No {what} could be read from the promotion screenshot (cut off?): the sheet says {expected}.",
            "no_price": "No promotion price ({what}) could be read from the promotion screenshot.",
            "unread": "Neither times nor prices could be read from the promotion screenshot.",
            "sku_missing": "The promotion screenshot lists SKUs but not this row's SKU {sku}: the promotion for it cannot be confirmed.",
        },
        "fix": {
            "default": "Set the promotion up as submitted (or correct the sheet) and take the screenshot again.",
            "no_time": "Take a screenshot that shows the activity time.",
            "no_field_time": "Take a screenshot that shows the whole activity time, start and end.",
            "no_price": "Take a screenshot that shows the promotion price.",
            "unread": "Take a clear screenshot of the promotion settings page, times and price included.",
            "sku_missing": "Set up the promotion for SKU {sku} and take a screenshot that shows it (or remove the row from the sheet).",
        },
        "explain": "The day before launch the manager checks the promotion screenshot: the times and price set up must be the ones submitted. Where the screenshot lists SKUs, each SKU's price is compared with its own row (a 京东价 column beside the 促销价 is not the promotion price), and a sheet SKU the listing leaves out is a warning. A price is read after ¥ or from its label or column (促销价, 促销价(元), 价格: a bare 309.00 counts); a time after its label (活动时间, 开始时间, 结束时间), so another time on the page does not stand for it, and a time the screenshot cuts off is a warning. A warning when nothing could be read. Needs jdcheck[vision].",
    },
    "T001": {
        "title": "Display name is the product name",
        "message": "{column} {actual} is the product name or a piece of it.",
        "fix": "Use a promotional phrase, e.g. {suggestions}.",
        "explain": "Homepage display names sell the offer; a piece of the title wastes the slot.",
    },
    "T002": {
        "title": "Ad slogan missing",
        "message": "{column} is empty: this slot needs an ad slogan.",
        "fix": "Write a short slogan, e.g. 秋冬新款 限时直降.",
        "explain": "Homepage and channel slots show the slogan; without it the slot cannot be built.",
    },
    "T003": {
        "title": "Banned word",
        "message": "{column} contains the banned word {actual}.",
        "fix": "Remove {actual}.",
        "explain": "Absolute terms are forbidden by the Advertising Law (art. 9) and JD reserves some claims; titles with them are rejected.",
    },
    "T004": {
        "title": "Title does not follow the pattern",
        "message": {
            "default": "The title is {actual} characters; at most {expected}.",
            "too_short": "The title is only {actual} characters; describe brand, attribute, category and item number.",
            "no_brand": "The title does not start with the brand {expected}.",
            "doubled_brand": "The title starts with {typed}: the brand {expected} with a character typed twice.",
            "no_item_number": "The title has no item number (货号), e.g. RQT-2201.",
            "no_category": "The title has no category word ({expected}).",
        },
        "fix": {
            "default": "Write brand + attribute + category word + item number, e.g. 红蜻蜓 真皮保暖 雪地靴 RQT-2201.",
            "doubled_brand": "Change {typed} at the start of the title to {expected}.",
        },
        "explain": "JD titles follow brand + attribute + category + item number and have a length limit.",
    },
    "V001": {
        "title": "Not the key-size SKU",
        "message": "Size {actual} submitted; the slot needs the key size {expected}.",
        "fix": "Submit the SKU of size {expected}.",
        "explain": "Managers show the key size (37 for shoes); another size looks out of stock to most buyers.",
    },
    "V002": {
        "title": "Key size out of stock",
        "message": "The key-size SKU (size {size}) has stock {actual}.",
        "fix": "Stock the key size before submitting.",
        "explain": "A slot whose key size cannot be bought wastes the traffic.",
    },
    "E001": {
        "title": "Email cannot be read",
        "message": {
            "default": "The email cannot be parsed: {detail}.",
            "empty": "The email file is empty.",
            "not_mail": "This is not an email: the file has no mail headers (From, To, Subject …); perhaps a web page or a text saved as a mail.",
            "truncated": "The Outlook mail (.msg) is incomplete: copying or saving was cut short ({detail}).",
            "cut_short": "The email is incomplete, its copy or save was cut short: {detail}; the rest and its closing MIME boundary are missing, so its recipient gets no complete attachment.",
            "corrupt": "The Outlook mail (.msg) is damaged and cannot be read ({detail}).",
            "not_a_mail_item": "This .msg is not a mail but another Outlook item ({detail}).",
            "too_large": "The email file is too large and was not read ({detail}).",
            "unreadable": "The email file cannot be read ({detail}).",
            "too_many_parts": "The email was not read: {detail} (a mail bomb, or a program that wrote it gone wrong).",
            "too_deep": "The email's MIME parts are nested too deeply to be read.",
        },
        "fix": {
            "default": "Save the mail again from your mail client (.eml; classic Outlook's .msg is read too).",
            "unreadable": "Check the file's permissions, or save the mail from your mail client into the folder again.",
            "cut_short": "Save (or copy) the mail from your mail client into the folder again, then open it to see that its attachments are whole.",
        },
        "explain": "The email is the channel submission itself; an unreadable file submits nothing.",
    },
    "E002": {
        "title": "No screenshot in the email",
        "message": {
            "default": "The email has no screenshot: nothing is attached and no picture is pasted into the body.",
            "small": "The email has no screenshot: the pictures {small} are under 100×100 pixels (signature icons, logos) and do not count.",
            "not_picture": "The email has no screenshot: the attachments {others} are not pictures (neither their names, their types nor their contents are JPEG, PNG, GIF, WebP or BMP).",
            "small_and_not_picture": "The email has no screenshot: the pictures {small} are under 100×100 pixels (signature icons, logos) and do not count; the attachments {others} are not pictures.",
            "damaged": "The email has no screenshot that opens: the pictures {damaged} are damaged ({damage}); the recipient cannot see them, and they do not count.",
        },
        "fix": {
            "damaged": "Attach the screenshot again from the original picture (or paste it into the body again), then save the mail.",
            "default": "Attach the screenshot(s) or paste them into the body.",
            "small": "Attach the full screenshot (at least 100 pixels on each side) or paste it into the body.",
        },
        "explain": "Channel submissions need a screenshot in the mail.",
    },
    "E003": {
        "title": "Item missing from the email",
        "message": {
            "default": "SKU {sku} (sheet row {sheet_row}) is not written in the email.",
            "price": "The email gives SKU {sku} the price {actual}; the sheet says {expected}.",
            "link": "The email lacks the product link of SKU {sku} (sheet row {sheet_row}).",
            "wrong_link": "The link beside SKU {sku} (sheet row {sheet_row}) in the email, {actual}, opens another product, {other}.",
            "no_price": "The email gives no price for SKU {sku}.",
            "list_price_only": "The email gives SKU {sku} only its list price (京东价) {listed}, not the promotion price submitted (the sheet says {expected}).",
            "attached_mail": "SKU {sku} (sheet row {sheet_row}) is not written in the email; it only carries the mail {attached} as an attachment, which the manager has to open.",
        },
        "fix": "Write every item's SKU, price and link in the email, as in the sheet.",
        "explain": "The manager reads the mail first; it must agree with the sheet.",
    },
    "E004": {
        "title": "Subject empty or off-pattern",
        "message": {"default": "The email subject is empty.", "pattern": "Subject {actual} does not match {expected}."},
        "fix": "Write the subject as the rule file asks, e.g. {example}.",
        "explain": "Managers filter submissions by subject.",
    },
    "H001": {
        "title": "Link does not open in a new window",
        "message": {
            "default": "Product link {actual} has no target=\"_blank\": it opens in the same window.",
            "other_target": "Product link {actual} has target=\"{target}\", not \"_blank\": it does not open in a new window.",
        },
        "fix": "Add target=\"_blank\" to the link.",
        "explain": "Decoration links must open in a new window so buyers stay on the shop page.",
    },
    "H002": {
        "title": "Link leaves JD",
        "message": {
            "default": "Link {actual} leaves JD: it is not a JD address.",
            "unreadable": "The page cannot be read ({detail}), so its links cannot be checked.",
        },
        "fix": {"default": "Link only to JD pages (items, your shop, JD activity pages), or remove the link.",
                "unreadable": "Save the page again as HTML (UTF-8 or GBK) or as a single-file page (.mhtml)."},
        "explain": "Shop decoration may only send buyers to JD. Any address under jd.com, jd.hk, 3.cn, 360buy.com or "
                   "360buyimg.com is JD's own (shop search pages, pro.jd.com activity pages, coupons, lists); # anchors "
                   "and javascript: hooks are not links. A relative link counts as JD's when the page says its own JD "
                   "address (a saved page does). A page that cannot be read is reported here too: its links cannot be "
                   "shown to be JD links.",
    },
    "H003": {
        "title": "Price in the page differs from the sheet",
        "message": "The page shows SKU {sku} at {actual}; the sheet (row {sheet_row}) says {expected}.",
        "fix": "Correct the price in the page, or the sheet's 价格 if the page is right: the two must be the same.",
        "explain": "商品价格要与页面相符: the manager compares the price in the decoration page with the submitted "
                   "price. The price is read where the product is shown — in its link or its list item/card: JD's "
                   "J-p-<SKU> price element, an element whose class says price, or a ¥/￥ amount; crossed-out list "
                   "prices are not read. A product shown without a price is not judged.",
    },
    "H004": {
        "title": "Sold-out item not marked in the page",
        "message": "SKU {sku} is sold out (sheet row {sheet_row}: stock 0, marked sold out) but is shown here without a sold-out mark.",
        "fix": "Replace the item in the page, or mark it sold out where it is shown (e.g. 售罄 on its picture or beside its price).",
        "explain": "无货商品必须替换掉或者在页面标明售罄: buyers must not click an item they cannot buy. The mark is "
                   "looked for inside the product's link or its list item/card, as text (售罄, 已售罄, sold out …) or in "
                   "a class, id or picture name (soldout.png, class=\"shouqing\"). Each place the item is shown needs it.",
    },
    "X001": {
        "title": "Internal error in a check",
        "message": "Check {check} failed: {detail}. This is a bug in jdcheck; the other checks ran.",
        "fix": "Report it with the file (run with --debug for the traceback).",
        "explain": "A check crashed on this file. The submission is not passed while a check could not run.",
    },
    "X002": {
        "title": "Folder could not be checked",
        "message": "The folder could not be checked: {detail}",
        "fix": {
            "default": "Make the folder readable for the account that runs jdcheck, then run the batch again.",
            "config": "Correct the jdcheck.yaml or rule file at the place named, then run the batch again.",
        },
        "explain": "In a batch, a folder that cannot be listed (no permission, moved or deleted while the batch ran) or "
                   "whose jdcheck.yaml or rule file is broken is a failed folder with the reason; the other folders "
                   "are still checked. A folder that holds what a submission holds (a spreadsheet and pictures…) "
                   "but whose type nothing gives, an archive named as a submission, and a submission's materials lying "
                   "beside submission folders are listed as skipped, with the reason and what to do.",
    },
}

UI = {
    "not_run": "Not run: {codes} ({reason})",
    "not_run_extra": "they look at the pictures; install: {install}",
    "not_run_off": "picture checks turned off by JDCHECK_VISION=off",
    "not_run_engine": "the OCR engine failed to load: {detail}",
    "error": "ERROR",
    "warning": "WARN",
    "row": "row {row}",
    "line": "line {row}",
    "expected": "expected",
    "actual": "actual",
    "fix": "fix",
    "passed": "PASSED",
    "failed": "FAILED",
    "nothing_checked": "NOTHING CHECKED",
    "summary": "{verdict}  {errors:error|errors}, {warnings:warning|warnings}, {files:file|files} checked",
    "strict_note": "(--strict: warnings fail)",
    "more_of_code": "{code}: {count:more finding|more findings} not listed (all of them: --format json or --format html)",
    "no_findings": "No problems found.",
    "submission": "(submission)",
    "header": "jdcheck {type} · {folder}",
    "batch_header": "jdcheck batch · {root}",
    "batch_folder": "folder",
    "batch_type": "type",
    "batch_errors": "errors",
    "batch_warnings": "warnings",
    "batch_result": "result",
    "batch_codes": "codes / reason",
    "batch_skipped": "Skipped (not checked):",
    "batch_none": "No submission folders found: nothing was checked (an empty folder, or a network drive not mounted?).",
    "batch_none_skipped": "No submission folders found: nothing was checked; every folder below was skipped, each with its reason.",
    "batch_summary": "{verdict}  {folders:folder|folders} checked: {passed} passed, {failed} failed; {skipped} skipped",
    "batch_hint": "Details of one folder: jdcheck check \"{folder}\" --root \"{root}\" (--root: the same jdcheck.yaml "
                  "files as the batch; add the batch's other options)",
    "skip_not_recognised": "not a submission folder: no spreadsheet, picture, mail, page or links file in it",
    "skip_one_kind": "not a submission folder: it holds one kind of material ({kinds}), a submission at least two; "
                     "if it is one, name its type in the folder name (团购-…, groupbuy_…) or give it a jdcheck.yaml with its type",
    "skip_shortcut": "Windows shortcut, not followed",
    "skip_untyped": "it holds what a submission holds ({kinds}) but nothing gives its type, so it was not checked: if it is "
                    "a submission, rename it so its type stands as a word of its own (团购-…, groupbuy_…, 首页单品-…) "
                    "or give it a jdcheck.yaml with `type:`",
    "skip_archive": "an archive, and jdcheck opens no archive: the submission in it was not checked; to check it, "
                    "extract it as the folder {folder} beside it",
    "skip_mixed": "a submission's materials ({files}) lie beside submission folders and were not checked: move them "
                  "into a submission folder of their own, or away if they are no submission",
    "skip_nothing_selected": "{type} folder: no selected check applies to its type ({selection})",
    "skip_nothing_ran": "none of the selected checks can run here: {codes} ({reason})",
    "skip_empty": "empty folder",
    "skip_unreadable": "cannot be read ({detail}); not recognisable as a submission",
    "skip_link": "symbolic link, not followed",
    "skip_too_deep": "deeper than {depth} folders below the root, not searched",
}
