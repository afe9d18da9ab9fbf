//! Message search against every declared portal message, entered the ways people enter them.
//!
//! The Traditional renderings are written by hand (zh-TW usage, e.g. 登入, 帳號, 資訊, 身分證)
//! rather than produced with the converter the search uses, so a converter that does not
//! convert would make these tests fail.

use std::collections::{BTreeSet, HashSet};

use proptest::prelude::*;

use super::*;
use crate::catalog::Portal;
use crate::guide::declared_messages;

/// One declared message and four ways an applicant might enter it.
struct Case {
    flow: &'static str,
    exact: &'static str,
    fragment: &'static str,
    traditional: &'static str,
    half_width: &'static str,
    typo: &'static str,
}

const CASES: &[Case] = &[
    Case {
        flow: "nmpa_forgot_password",
        exact: "建议您使用IE9及以上版本、Edge、Chrome、Firefox和360等主流浏览器浏览本网站",
        fragment: "主流浏览器浏览本网站",
        traditional: "建議您使用IE9及以上版本、Edge、Chrome、Firefox和360等主流瀏覽器瀏覽本網站",
        half_width: "建议您使用IE9及以上版本,Edge,Chrome,Firefox和360等主流浏览器浏览本网站",
        typo: "建议您使用IE9及以上版本、Edge、Chrome、Firefox和360等主流游览器浏览本网站",
    },
    Case {
        flow: "nmpa_already_exists",
        exact: "已经存在",
        fragment: "经存在",
        traditional: "已經存在",
        half_width: "\"已经存在\"",
        typo: "已经存再",
    },
    Case {
        flow: "nmpa_already_exists",
        exact: "网上办事大厅注册、登录、账号绑定等使用问题请点击此处向我们反馈。",
        fragment: "账号绑定等使用问题",
        traditional: "網上辦事大廳註冊、登入、帳號綁定等使用問題請點擊此處向我們回饋。",
        half_width: "网上办事大厅注册,登录,账号绑定等使用问题请点击此处向我们反馈.",
        typo: "网上办事大厅注册、登陆、账号绑定等使用问题请点击此处向我们反馈。",
    },
    Case {
        flow: "nmpa_already_exists",
        exact: "我们会在两个工作日之内给您回复, 请通过下面的方式查询",
        fragment: "两个工作日之内给您回复",
        traditional: "我們會在兩個工作日之內給您回覆，請通過下面的方式查詢",
        half_width: "(我们会在两个工作日之内给您回复,请通过下面的方式查询)",
        typo: "我们会在两个工作日之内给你回复, 请通过下面的方式查询",
    },
    Case {
        flow: "nmpa_already_exists",
        exact: "本界面仅供查询近3个月的未登录状态下的问题回复，请输入提交问题时的信息进行查询（如查询不到数据，请检查输入的信息是否正确！）。",
        fragment: "如查询不到数据，请检查输入的信息是否正确",
        traditional: "本界面僅供查詢近3個月的未登入狀態下的問題回覆，請輸入提交問題時的資訊進行查詢（如查詢不到資料，請檢查輸入的資訊是否正確！）。",
        half_width: "本界面仅供查询近3个月的未登录状态下的问题回复,请输入提交问题时的信息进行查询(如查询不到数据,请检查输入的信息是否正确!).",
        typo: "本界面仅供查询近3个月的未登录状态下的问题回复，请输入提交问题时的信息进行查询（如查询不到数据，请检察输入的信息是否正确！）。",
    },
    Case {
        flow: "nmpa_already_exists",
        exact: "登录状态下提交的问题，请到我的互动—在线办事反馈中查看回复。",
        fragment: "请到我的互动—在线办事反馈",
        traditional: "登入狀態下提交的問題，請到我的互動—線上辦事回饋中查看回覆。",
        half_width: "登录状态下提交的问题,请到我的互动-在线办事反馈中查看回复.",
        typo: "登录状态下提交的问题，请到我的互动—在线办是反馈中查看回复。",
    },
    Case {
        flow: "nmpa_long_term_id",
        exact: "实名认证未成功，请核对填写的身份证信息",
        fragment: "请核对填写的身份证信息",
        traditional: "實名認證未成功，請核對填寫的身分證資訊",
        half_width: "实名认证未成功,请核对填写的身份证信息",
        typo: "实名认证未成功，请核对填写的身份正信息",
    },
    Case {
        flow: "cpta_download",
        exact: "证书状态：有效",
        fragment: "证书状态",
        traditional: "證書狀態：有效",
        half_width: "证书状态: 有效",
        // The case the flow is for: a status other than 有效.
        typo: "证书状态：无效",
    },
    Case {
        flow: "jszg_already_registered",
        exact: "该用户已注册",
        fragment: "用户已注册",
        traditional: "該用戶已註冊",
        half_width: "\"该用户已注册\"",
        typo: "该用户己注册",
    },
    Case {
        flow: "jszg_login_failed",
        exact: "登录失败！",
        fragment: "登录失",
        traditional: "登入失敗！",
        half_width: "登录失败!",
        typo: "登陆失败！",
    },
    Case {
        flow: "jszg_forgot_password",
        exact: "请输入您已注册的证件号码作为账号，并选择与之匹配的证件类型，如您未在系统中注册账号，请先注册。",
        fragment: "并选择与之匹配的证件类型",
        traditional: "請輸入您已註冊的證件號碼作為帳號，並選擇與之匹配的證件類型，如您未在系統中註冊帳號，請先註冊。",
        half_width: "请输入您已注册的证件号码作为账号,并选择与之匹配的证件类型,如您未在系统中注册账号,请先注册.",
        typo: "请输入你已注册的证件号码作为账号，并选择与之匹配的证件类型，如您未在系统中注册账号，请先注册。",
    },
    Case {
        flow: "jszg_sms_code",
        exact: "短信验证码已经发送，请注意接收",
        fragment: "验证码已经发送",
        traditional: "簡訊驗證碼已經發送，請注意接收",
        half_width: "短信验证码已经发送,请注意接收",
        typo: "短信验证码已经发送，请注意接受",
    },
    Case {
        flow: "jszg_sms_code",
        exact: "验证码已发送，请注意查收",
        fragment: "请注意查收",
        traditional: "驗證碼已發送，請注意查收",
        half_width: "验证码已发送,请注意查收",
        typo: "验证码已发送，请注意察收",
    },
    Case {
        flow: "jszg_real_name",
        exact: "您还未进行实名核验，需进入个人信息中心完成实名核验，再办理业务！",
        fragment: "需进入个人信息中心",
        traditional: "您還未進行實名核驗，需進入個人資訊中心完成實名核驗，再辦理業務！",
        half_width: "您还未进行实名核验,需进入\"个人信息中心\"完成实名核验,再办理业务!",
        typo: "您还未进行实名核验，需进入个人信息中心完成实名核验，在办理业务！",
    },
    Case {
        flow: "jszg_real_name",
        exact: "恭喜您，已通过实名核验",
        fragment: "已通过实名核验",
        traditional: "恭喜您，已通過實名核驗",
        half_width: "恭喜您,已通过实名核验",
        typo: "恭喜你，已通过实名核验",
    },
    Case {
        flow: "jszg_real_name",
        exact: "中国教师资格网——实名核验",
        fragment: "教师资格网——实名核验",
        traditional: "中國教師資格網——實名核驗",
        half_width: "中国教师资格网--实名核验",
        typo: "中国教师资格网——实名核检",
    },
    // Issue 16: messages from dated public copies of the portals' own texts (2026).
    Case {
        flow: "cpta_download",
        exact: "证书状态为[有效]，说明存在真实有效证书。",
        fragment: "说明存在真实有效证书",
        traditional: "證書狀態為[有效]，說明存在真實有效證書。",
        half_width: "证书状态为[有效],说明存在真实有效证书.",
        typo: "证书状态为[有效]，说明存在真实有效证数。",
    },
    Case {
        flow: "cpta_download",
        exact: "持证人查询下载（含电子证书、电子文件下载）",
        fragment: "持证人查询下载",
        traditional: "持證人查詢下載（含電子證書、電子文件下載）",
        half_width: "持证人查询下载(含电子证书,电子文件下载)",
        typo: "持证人查询下栽（含电子证书、电子文件下载）",
    },
    Case {
        flow: "cpta_download",
        exact: "持证人员首次登录系统时，需要认真阅读服务须知。",
        fragment: "需要认真阅读服务须知",
        traditional: "持證人員首次登入系統時，需要認真閱讀服務須知。",
        half_width: "持证人员首次登录系统时,需要认真阅读服务须知.",
        typo: "持证人员首次登陆系统时，需要认真阅读服务须知。",
    },
    Case {
        flow: "cpta_download",
        exact: "2021年12月17日之后制发的电子证书，须经加注并在加注设定的有效期内下载和使用",
        fragment: "须经加注并在加注设定的有效期内",
        traditional: "2021年12月17日之後製發的電子證書，須經加註並在加註設定的有效期內下載和使用",
        half_width: "2021年12月17日之后制发的电子证书,须经加注并在加注设定的有效期内下载和使用",
        typo: "2021年12月17日之后制发的电子证书，须经加注并在加注设定的有效期内下载和试用",
    },
    Case {
        flow: "cpta_annotation",
        exact: "加注件已过期",
        fragment: "注件已过期",
        traditional: "加註件已過期",
        half_width: "“加注件已过期”",
        typo: "加注件以过期",
    },
    Case {
        flow: "cpta_annotation",
        exact: "申请证书加注",
        fragment: "请证书加注",
        traditional: "申請證書加註",
        half_width: "[申请证书加注]",
        typo: "申请证书加住",
    },
    Case {
        flow: "cpta_annotation",
        exact: "提交加注申请",
        fragment: "交加注申请",
        traditional: "提交加註申請",
        half_width: "[提交加注申请]",
        typo: "提交加注申情",
    },
    Case {
        flow: "cpta_annotation",
        exact: "使用场景：本人调用",
        fragment: "本人调用",
        traditional: "使用場景：本人調用",
        half_width: "使用场景:本人调用",
        typo: "使用场景：本人掉用",
    },
    Case {
        flow: "cpta_annotation",
        exact: "每次申请加注最长有效期为90天；如无特别需要，建议按上限申请",
        fragment: "如无特别需要，建议按上限申请",
        traditional: "每次申請加註最長有效期為90天；如無特別需要，建議按上限申請",
        half_width: "每次申请加注最长有效期为90天;如无特别需要,建议按上限申请",
        typo: "每次申请加注最长有效期为90天；如无特别需要，建议按上线申请",
    },
    Case {
        flow: "cpta_annotation",
        exact: "自持证人员申请加注当日起向前计算，90日内同一证书可存在3次有效加注",
        fragment: "90日内同一证书可存在3次有效加注",
        traditional: "自持證人員申請加註當日起向前計算，90日內同一證書可存在3次有效加註",
        half_width: "自持证人员申请加注当日起向前计算,90日内同一证书可存在3次有效加注",
        typo: "自持证人员申请加注当日起向前计算，90日内同一证书可存在3次有效架注",
    },
    Case {
        flow: "cpta_account",
        exact: "找回用户名或密码",
        fragment: "回用户名或密码",
        traditional: "找回使用者名稱或密碼",
        half_width: "[找回用户名或密码]",
        typo: "找回用户名或蜜码",
    },
    Case {
        flow: "cpta_account",
        exact: "国家网络身份认证公共服务启用提示",
        fragment: "公共服务启用提示",
        traditional: "國家網絡身份認證公共服務啟用提示",
        half_width: "国家网络身份认证公共服务启用提示:",
        typo: "国家网络身份认证公共服务起用提示",
    },
    Case {
        flow: "cpta_account",
        exact: "全国专业技术人员资格考试报名服务平台现已支持国家网络身份认证公共服务",
        fragment: "现已支持国家网络身份认证公共服务",
        traditional: "全國專業技術人員資格考試報名服務平臺現已支持國家網絡身份認證公共服務",
        half_width: "全国专业技术人员资格考试报名服务平台现已支持国家网络身份认证公共服务.",
        typo: "全国专业技术人员资格考试报名服务平台现以支持国家网络身份认证公共服务",
    },
    Case {
        flow: "cpta_account",
        exact: "报考人员可在登录和找回用户名或密码场景中根据需要使用",
        fragment: "场景中根据需要使用",
        traditional: "報考人員可在登入和找回使用者名稱或密碼場景中根據需要使用",
        half_width: "报考人员可在登录和找回用户名或密码场景中根据需要使用.",
        typo: "报考人员可在登录和找回用户名或蜜码场景中根据需要使用",
    },
    Case {
        flow: "cpta_account",
        exact: "相同的身份证号和姓名只允许注册一次",
        fragment: "只允许注册一次",
        traditional: "相同的身分證號和姓名只允許註冊一次",
        half_width: "相同的身份证号和姓名只允许注册一次!",
        typo: "相同的身份证号和姓名只允许注测一次",
    },
    Case {
        flow: "cpta_account",
        exact: "请使用取得证书时所用证件的证件号码进行注册",
        fragment: "取得证书时所用证件",
        traditional: "請使用取得證書時所用證件的證件號碼進行註冊",
        half_width: "请使用取得证书时所用证件的证件号码进行注册.",
        typo: "请使用取得证书时所用证件的证件号吗进行注册",
    },
    Case {
        flow: "cpta_account",
        exact: "证书生成中…",
        fragment: "书生成中",
        traditional: "證書生成中…",
        half_width: "证书生成中...",
        typo: "证书声成中…",
    },
    Case {
        flow: "cpta_account",
        exact: "证书（证明）已撤销",
        fragment: "证明）已撤销",
        traditional: "證書（證明）已撤銷",
        half_width: "证书(证明)已撤销",
        typo: "证书（证明）已撤消",
    },
    Case {
        flow: "cpta_account",
        exact: "请联系证书发放机构",
        fragment: "联系证书发放机构",
        traditional: "請聯繫證書發放機構",
        half_width: "请联系证书发放机构.",
        typo: "请联系证书发方机构",
    },
    Case {
        flow: "ctid_network_identity",
        exact: "立即申领",
        fragment: "即申领",
        traditional: "立即申領",
        half_width: "【立即申领】",
        typo: "立即申令",
    },
    Case {
        flow: "ctid_network_identity",
        exact: "打开手机NFC功能，在手机NFC区域识读本人实体证件核验身份信息",
        fragment: "识读本人实体证件核验身份信息",
        traditional: "打開手機NFC功能，在手機NFC區域識讀本人實體證件核驗身份信息",
        half_width: "打开手机NFC功能,在手机NFC区域识读本人实体证件核验身份信息",
        typo: "打开手机NFC功能，在手机NFC区域识读本人实体证件核验身分信息",
    },
    Case {
        flow: "ctid_network_identity",
        exact: "设置关联手机号码",
        fragment: "关联手机号码",
        traditional: "設置關聯手機號碼",
        half_width: "设置关联手机号码:",
        typo: "设置关连手机号码",
    },
    Case {
        flow: "ctid_network_identity",
        exact: "设置网络身份认证凭证口令",
        fragment: "网络身份认证凭证口令",
        traditional: "設置網絡身份認證憑證口令",
        half_width: "设置网络身份认证凭证口令:",
        typo: "设置网络身份认证凭正口令",
    },
    Case {
        flow: "ctid_network_identity",
        exact: "申领成功，选择是否在当前手机使用网络身份认证凭证",
        fragment: "选择是否在当前手机使用",
        traditional: "申領成功，選擇是否在當前手機使用網絡身份認證憑證",
        half_width: "申领成功,选择是否在当前手机使用网络身份认证凭证",
        typo: "申领成功，选择是否在当前手机使用网络身份认证凭整",
    },
    Case {
        flow: "ctid_network_identity",
        exact: "没有NFC功能的手机该如何申领网号、网证",
        fragment: "没有NFC功能的手机",
        traditional: "沒有NFC功能的手機該如何申領網號、網證",
        half_width: "没有NFC功能的手机该如何申领网号,网证?",
        typo: "没有NFC功能的手机该如何申领网号、网正",
    },
    Case {
        flow: "ctid_network_identity",
        exact: "居民网证开通",
        fragment: "网证开通",
        traditional: "居民網證開通",
        half_width: "“居民网证开通”",
        typo: "居民网证开同",
    },
    Case {
        flow: "ctid_network_identity",
        exact: "四项信息+人像采集",
        fragment: "四项信息",
        traditional: "四項信息+人像採集",
        half_width: "四项信息＋人像采集",
        typo: "四项信息+人象采集",
    },
    Case {
        flow: "ctid_network_identity",
        exact: "识别身份证+人像采集",
        fragment: "识别身份证",
        traditional: "識別身份證+人像採集",
        half_width: "识别身份证＋人像采集",
        typo: "识别身份证+人像采技",
    },
    Case {
        flow: "ctid_network_identity",
        exact: "重新采集",
        fragment: "新采集",
        traditional: "重新採集",
        half_width: "【重新采集】",
        typo: "重新才集",
    },
    Case {
        flow: "jszg_certification",
        exact: "无法核验的学历",
        fragment: "法核验的学历",
        traditional: "無法核驗的學歷",
        half_width: "“无法核验的学历”",
        typo: "无法核验的学力",
    },
    Case {
        flow: "nmpa_registration",
        exact: "其他服务",
        fragment: "他服务",
        traditional: "其他服務",
        half_width: "【其他服务】",
        typo: "其它服务",
    },
    Case {
        flow: "nmpa_registration",
        exact: "在线办理",
        fragment: "线办理",
        traditional: "在線辦理",
        half_width: "[在线办理]",
        typo: "在线半理",
    },
    Case {
        flow: "nmpa_registration",
        exact: "已有用户的登录授权",
        fragment: "用户的登录授权",
        traditional: "已有用戶的登錄授權",
        half_width: "已有用户的登录授权:",
        typo: "已有用户的登陆授权",
    },
    Case {
        flow: "nmpa_registration",
        exact: "全国执业药师注册管理信息系统",
        fragment: "执业药师注册管理信息系统",
        traditional: "全國執業藥師註冊管理信息系統",
        half_width: "全国执业药师注册管理信息系统.",
        typo: "全国执业药师注册管理信急系统",
    },
    Case {
        flow: "nmpa_registration",
        exact: "国家药品监督管理局政务服务门户",
        fragment: "政务服务门户",
        traditional: "國家藥品監督管理局政務服務門戶",
        half_width: "国家药品监督管理局政务服务门户:",
        typo: "国家药品监督管理局政务服务门护",
    },
    // Issue 16, second batch: the portals' own texts as dated public copies quote them. The
    // fragments are the part an applicant would select; the typos are the usual slips
    // (登陆/登录, 无需/无须, 在/再, 认证/认定, a homophone).
    Case {
        flow: "cpta_download",
        exact: "全国专业技术人员职业资格证书查询验证系统与全国专业技术人员资格考试报名服务平台共享注册信息，已在全国专业技术人员资格考试报名服务平台注册过的用户，请使用该平台的用户名、密码登录证书查询验证系统。",
        fragment: "请使用该平台的用户名、密码登录证书查询验证系统",
        traditional: "全國專業技術人員職業資格證書查詢驗證系統與全國專業技術人員資格考試報名服務平臺共享註冊資訊，已在全國專業技術人員資格考試報名服務平臺註冊過的用戶，請使用該平臺的用戶名、密碼登入證書查詢驗證系統。",
        half_width: "全国专业技术人员职业资格证书查询验证系统与全国专业技术人员资格考试报名服务平台共享注册信息,已在全国专业技术人员资格考试报名服务平台注册过的用户,请使用该平台的用户名,密码登录证书查询验证系统.",
        typo: "全国专业技术人员职业资格证书查询验证系统与全国专业技术人员资格考试报名服务平台共享注册信息，已在全国专业技术人员资格考试报名服务平台注册过的用户，请使用该平台的用户名、密码登陆证书查询验证系统。",
    },
    Case {
        flow: "cpta_download",
        exact: "未查询到证书信息",
        fragment: "未查询到证书",
        traditional: "未查詢到證書資訊",
        half_width: "\"未查询到证书信息\"",
        typo: "未查寻到证书信息",
    },
    Case {
        flow: "cpta_download",
        exact: "首次登录系统时，必须阅读并同意服务须知，才能继续操作。",
        fragment: "必须阅读并同意服务须知",
        traditional: "首次登入系統時，必須閱讀並同意服務須知，才能繼續操作。",
        half_width: "首次登录系统时,必须阅读并同意服务须知,才能继续操作.",
        typo: "首次登录系统时，必须阅读并同意服务需知，才能继续操作。",
    },
    Case {
        flow: "cpta_download",
        exact: "2021年12月17日之前制发的有关行业协会、学会或有关部门指定机构颁发的电子证书，目前暂无须申请加注，可直接查看和下载。",
        fragment: "目前暂无须申请加注，可直接查看和下载",
        traditional: "2021年12月17日之前製發的有關行業協會、學會或有關部門指定機構頒發的電子證書，目前暫無須申請加註，可直接查看和下載。",
        half_width: "2021年12月17日之前制发的有关行业协会,学会或有关部门指定机构颁发的电子证书,目前暂无须申请加注,可直接查看和下载.",
        typo: "2021年12月17日之前制发的有关行业协会、学会或有关部门指定机构颁发的电子证书，目前暂无需申请加注，可直接查看和下载。",
    },
    Case {
        flow: "cpta_download",
        exact: "若证书任意内容被篡改，则电子签章无法正常显示",
        fragment: "电子签章无法正常显示",
        traditional: "若證書任意內容被篡改，則電子簽章無法正常顯示",
        half_width: "若证书任意内容被篡改,则电子签章无法正常显示",
        typo: "若证书任意内容被窜改，则电子签章无法正常显示",
    },
    Case {
        flow: "cpta_annotation",
        exact: "证书加注信息内容为空，或者提示“加注件已过期”，须首先完成加注申请。",
        fragment: "须首先完成加注申请",
        traditional: "證書加註資訊內容為空，或者提示「加註件已過期」，須首先完成加註申請。",
        half_width: "证书加注信息内容为空,或者提示\"加注件已过期\",须首先完成加注申请.",
        typo: "证书加注信息内容为空，或者提示“加注件以过期”，须首先完成加注申请。",
    },
    Case {
        flow: "cpta_annotation",
        exact: "申请证书加注前，请先检查证书信息，如有疑问，请联系证书发放机构。",
        fragment: "请先检查证书信息",
        traditional: "申請證書加註前，請先檢查證書資訊，如有疑問，請聯繫證書發放機構。",
        half_width: "申请证书加注前,请先检查证书信息,如有疑问,请联系证书发放机构.",
        typo: "申请证书加注前，请先检察证书信息，如有疑问，请联系证书发放机构。",
    },
    Case {
        flow: "cpta_annotation",
        exact: "加注申请提交后，系统将在24小时内完成证书加注，请耐心等待。",
        fragment: "系统将在24小时内完成证书加注",
        traditional: "加註申請提交後，系統將在24小時內完成證書加註，請耐心等待。",
        half_width: "加注申请提交后,系统将在24小时内完成证书加注,请耐心等待.",
        typo: "加注申请提交后，系统将再24小时内完成证书加注，请耐心等待。",
    },
    Case {
        flow: "cpta_annotation",
        exact: "超过加注有效期后，无法查看和下载电子证书，请重新提交证书加注申请。",
        fragment: "请重新提交证书加注申请",
        traditional: "超過加註有效期後，無法查看和下載電子證書，請重新提交證書加註申請。",
        half_width: "超过加注有效期后,无法查看和下载电子证书,请重新提交证书加注申请.",
        typo: "超过加注有效期后，无法察看和下载电子证书，请重新提交证书加注申请。",
    },
    Case {
        flow: "cpta_account",
        exact: "一个身份证号和姓名只能注册一次，请勿重复注册",
        fragment: "身份证号和姓名只能注册一次",
        traditional: "一個身分證號和姓名只能註冊一次，請勿重複註冊",
        half_width: "一个身份证号和姓名只能注册一次;请勿重复注册!",
        typo: "一个身份证号和姓名只能注册一次，请务重复注册",
    },
    Case {
        flow: "cpta_account",
        exact: "一个手机号只能绑定一个用户",
        fragment: "只能绑定一个用户",
        traditional: "一個手機號只能綁定一個用戶",
        half_width: "一个手机号只能绑定一个用户!",
        typo: "一个手机号只能帮定一个用户",
    },
    Case {
        flow: "cpta_account",
        exact: "预留问题找回",
        fragment: "留问题找回",
        traditional: "預留問題找回",
        half_width: "【预留问题找回】",
        typo: "预留问题招回",
    },
    Case {
        flow: "cpta_account",
        exact: "短信验证码找回",
        fragment: "验证码找回",
        traditional: "簡訊驗證碼找回",
        half_width: "【短信验证码找回】",
        typo: "短信验证吗找回",
    },
    Case {
        flow: "cpta_account",
        exact: "选择要使用的网络身份认证凭证",
        fragment: "要使用的网络身份认证凭证",
        traditional: "選擇要使用的網絡身份認證憑證",
        half_width: "选择要使用的网络身份认证凭证:",
        typo: "选泽要使用的网络身份认证凭证",
    },
    Case {
        flow: "cpta_account",
        exact: "如果仍找不到所需汉字请用同音字加中括号代替",
        fragment: "请用同音字加中括号代替",
        traditional: "如果仍找不到所需漢字請用同音字加中括號代替",
        half_width: "如果仍找不到所需汉字,请用同音字加中括号代替.",
        typo: "如果仍找不到所需汉字请用同音字加中刮号代替",
    },
    Case {
        flow: "cpta_account",
        exact: "该证件号码在注册库中已经存在",
        fragment: "在注册库中已经存在",
        traditional: "該證件號碼在註冊庫中已經存在",
        half_width: "\"该证件号码在注册库中已经存在\"",
        typo: "该证件号吗在注册库中已经存在",
    },
    Case {
        flow: "cpta_account",
        exact: "如页面显示为空白，说明不存在证书信息。",
        fragment: "说明不存在证书信息",
        traditional: "如頁面顯示為空白，說明不存在證書資訊。",
        half_width: "如页面显示为空白,说明不存在证书信息.",
        typo: "如页面显示未空白，说明不存在证书信息。",
    },
    Case {
        flow: "cpta_account",
        exact: "证书状态为[已撤销]说明该证书曾经发放，但因某种原因，证书已经被收回和注销，证书处于无效状态。",
        fragment: "证书已经被收回和注销",
        traditional: "證書狀態為[已撤銷]說明該證書曾經發放，但因某種原因，證書已經被收回和註銷，證書處於無效狀態。",
        half_width: "证书状态为[已撤销]说明该证书曾经发放,但因某种原因,证书已经被收回和注销,证书处于无效状态.",
        typo: "证书状态为[已撤销]说明该证书曾经发放，但因某种原因，证书已经被收回和注消，证书处于无效状态。",
    },
    Case {
        flow: "ctid_network_identity",
        exact: "国家网络身份认证App把通过手机NFC功能识读法定身份证件作为申领的必要措施之一",
        fragment: "作为申领的必要措施之一",
        traditional: "國家網絡身份認證App把通過手機NFC功能識讀法定身份證件作為申領的必要措施之一",
        half_width: "国家网络身份认证App把通过手机NFC功能识读法定身份证件作为申领的必要措施之一.",
        typo: "国家网络身份认证App把通过手机NFC功能识读法定身份证件作为申请的必要措施之一",
    },
    Case {
        flow: "ctid_network_identity",
        exact: "办理开通网证业务前，您需在CTID官方应用中进行登录。",
        fragment: "您需在CTID官方应用中进行登录",
        traditional: "辦理開通網證業務前，您需在CTID官方應用中進行登入。",
        half_width: "办理开通网证业务前,您需在CTID官方应用中进行登录.",
        typo: "办理开通网证业务前，您需在CTID官方应用中进行登陆。",
    },
    Case {
        flow: "ctid_network_identity",
        exact: "使用NFC读卡",
        fragment: "NFC读卡",
        traditional: "使用NFC讀卡",
        half_width: "[使用NFC读卡]",
        typo: "使用NFC度卡",
    },
    Case {
        flow: "ctid_network_identity",
        exact: "将居民身份证靠近手机背部读卡区，并保持3~5秒不要移动",
        fragment: "靠近手机背部读卡区",
        traditional: "將居民身分證靠近手機背部讀卡區，並保持3~5秒不要移動",
        half_width: "将居民身份证靠近手机背部读卡区,并保持3-5秒不要移动",
        typo: "将居民身份证靠近手机背部读卡区，并保持3~5秒不要一动",
    },
    Case {
        flow: "jszg_real_name",
        exact: "不做实名核验，也可登录系统，但是在办理教师资格认定和定期注册业务之前必须做实名核验。",
        fragment: "在办理教师资格认定和定期注册业务之前必须做实名核验",
        traditional: "不做實名核驗，也可登入系統，但是在辦理教師資格認定和定期註冊業務之前必須做實名核驗。",
        half_width: "不做实名核验,也可登录系统,但是在办理教师资格认定和定期注册业务之前必须做实名核验.",
        typo: "不做实名核验，也可登陆系统，但是在办理教师资格认定和定期注册业务之前必须做实名核验。",
    },
    Case {
        flow: "jszg_real_name",
        exact: "每日您最多可进行三次实名核验，您还剩3次，是否确认提交？",
        fragment: "每日您最多可进行三次实名核验",
        traditional: "每日您最多可進行三次實名核驗，您還剩3次，是否確認提交？",
        half_width: "每日您最多可进行三次实名核验,您还剩3次,是否确认提交?",
        // What the box says after one try.
        typo: "每日您最多可进行三次实名核验，您还剩2次，是否确认提交？",
    },
    Case {
        flow: "jszg_real_name",
        exact: "如您所使用的证件类型为居民身份证，您可以通过开通网证更新您的信息，而后再登录本系统进行实名核验即可。",
        fragment: "您可以通过开通网证更新您的信息",
        traditional: "如您所使用的證件類型為居民身分證，您可以通過開通網證更新您的資訊，而後再登入本系統進行實名核驗即可。",
        half_width: "如您所使用的证件类型为居民身份证,您可以通过开通网证更新您的信息,而后再登录本系统进行实名核验即可.",
        typo: "如您所使用的证件类型为居民身份证，您可以通过开通网证更新您的信息，而后在登录本系统进行实名核验即可。",
    },
    Case {
        flow: "jszg_personal_info",
        exact: "如需修改姓名，请进入实名核验页面，实名核验通过后方可修改成功。",
        fragment: "实名核验通过后方可修改成功",
        traditional: "如需修改姓名，請進入實名核驗頁面，實名核驗通過後方可修改成功。",
        half_width: "如需修改姓名,请进入实名核验页面,实名核验通过后方可修改成功.",
        typo: "如需修改姓名，请进入实名合验页面，实名核验通过后方可修改成功。",
    },
    Case {
        flow: "jszg_certification",
        exact: "教师资格认定申请人网报入口",
        fragment: "申请人网报入口",
        traditional: "教師資格認定申請人網報入口",
        half_width: "【教师资格认定申请人网报入口】",
        typo: "教师资格认证申请人网报入口",
    },
    Case {
        flow: "nmpa_registration",
        exact: "网上全程办理",
        fragment: "上全程办理",
        traditional: "網上全程辦理",
        half_width: "[网上全程办理]",
        typo: "网上全城办理",
    },
    Case {
        flow: "nmpa_registration",
        exact: "照片的格式为近期2寸（150*207）蓝底或红底标准证件照片，格式为jpg",
        fragment: "蓝底或红底标准证件照片",
        traditional: "照片的格式為近期2寸（150*207）藍底或紅底標準證件照片，格式為jpg",
        half_width: "照片的格式为近期2寸(150*207)蓝底或红底标准证件照片,格式为jpg",
        typo: "照片的格式为近期2寸（150*207）蓝底或红底标准证件相片，格式为jpg",
    },
];

fn top(query: &str) -> Option<MessageMatch> {
    search(query, Lang::ZhCn).matches.into_iter().next()
}

fn assert_lands(case: &Case, how: &str, query: &str, kinds: &[MatchKind]) {
    let result = search(query, Lang::ZhCn);
    let Some(first) = result.matches.first() else {
        panic!("{how} “{query}” matched nothing (normalised “{}”)", result.query_normalized);
    };
    assert_eq!(first.flow_id, case.flow, "{how} “{query}” went first to the wrong flow: {:?}", result.matches);
    assert!(kinds.contains(&first.why), "{how} “{query}”: {:?} is not one of {kinds:?}", first.why);
}

#[test]
fn the_cases_cover_every_declared_message() {
    let declared: BTreeSet<(String, String)> =
        declared_messages().into_iter().map(|m| (m.flow_id.to_owned(), m.text)).collect();
    let cases: BTreeSet<(String, String)> = CASES.iter().map(|c| (c.flow.to_owned(), c.exact.to_owned())).collect();
    assert_eq!(declared, cases);
}

#[test]
fn every_message_as_it_was_shown_lands_exactly_on_its_flow() {
    for c in CASES {
        let first = top(c.exact).unwrap_or_else(|| panic!("“{}” matched nothing", c.exact));
        assert_eq!((first.flow_id.as_str(), first.why, first.score), (c.flow, MatchKind::Exact, 1000), "{}", c.exact);
        assert_eq!(first.message, c.exact);
    }
}

#[test]
fn a_fragment_of_every_message_lands_on_its_flow() {
    for c in CASES {
        assert_lands(c, "fragment", c.fragment, &[MatchKind::Fragment]);
    }
}

#[test]
fn every_message_in_traditional_characters_lands_on_its_flow() {
    for c in CASES {
        // zh-TW wording (身分證, 帳號) may leave a character or two different: still found.
        assert_lands(c, "Traditional", c.traditional, &[MatchKind::Exact, MatchKind::Fuzzy]);
    }
}

#[test]
fn every_message_with_half_width_punctuation_lands_exactly_on_its_flow() {
    for c in CASES {
        assert_lands(c, "half-width", c.half_width, &[MatchKind::Exact]);
    }
}

#[test]
fn every_message_with_a_typo_lands_on_its_flow() {
    for c in CASES {
        assert_lands(c, "typo", c.typo, &[MatchKind::Fuzzy]);
    }
}

#[test]
fn what_people_really_type_is_found() {
    for (query, flow) in [
        // Pasted with the help text around it.
        ("在登录界面，系统提示：“登录失败！”请确认", "jszg_login_failed"),
        // Missing and extra punctuation, spaces, full-width letters.
        ("该 用户 已 注册 。。。", "jszg_already_registered"),
        ("请输入您已注册的证件号码作为账号…", "jszg_forgot_password"),
        ("ＩＥ９及以上版本", "nmpa_forgot_password"),
        // One character left out, one added, part of the message with a mistake.
        ("该用户已经注册了", "jszg_already_registered"),
        ("验证码已经法送", "jszg_sms_code"),
        // Two wrong characters.
        ("该用护己注册", "jszg_already_registered"),
        ("实名认证未成攻，请核对填写的身份正信息", "nmpa_long_term_id"),
        // Half remembered: a long run of the message inside other words.
        ("系统提示验证码已经发送但是手机没收到", "jszg_sms_code"),
        // A status other than 有效.
        ("证书状态 已过期", "cpta_download"),
    ] {
        let first = top(query).unwrap_or_else(|| panic!("“{query}” matched nothing"));
        assert_eq!(first.flow_id, flow, "“{query}”");
    }
}

#[test]
fn unrelated_text_matches_nothing() {
    for query in [
        "今天天气很好",
        "hello world",
        "12345",
        "",
        "   ",
        "，。！？……——",
        "我想报名考试",
        "请问怎么下载准考证",
        "无效",
        "注",
    ] {
        let result = search(query, Lang::ZhCn);
        assert!(result.is_empty(), "“{query}” matched {:?}", result.matches);
    }
}

#[test]
fn a_sentence_of_everyday_words_is_no_guides_own() {
    // 如果, 已经, 进行, 是否 are as rare in the guides as 加注, but not in written Chinese: a
    // sentence made of them and a word or two every portal uses (审核, 修改, 注册) is no answer.
    for query in ["如果审核已经通过，就不能再进行修改了", "请确认是否已经完成注册，如果没有，请先进行注册"]
    {
        let result = search(query, Lang::ZhCn);
        assert!(result.is_empty(), "“{query}” matched {:?}", result.matches);
    }
    // The same words around what a guide is about still find it.
    let r = search("已经提交加注申请了，还要做什么", Lang::ZhCn);
    assert_eq!(r.matches.first().map(|m| m.flow_id.as_str()), Some("cpta_annotation"));
}

#[test]
fn results_are_best_first_one_per_flow_and_capped() {
    // “注册” and “实名” occur in messages and texts of several flows.
    for query in ["注册", "实名", "验证码", "登录", "账号", "加注"] {
        let r = search(query, Lang::ZhCn);
        assert!(!r.matches.is_empty() || !r.maybe.is_empty(), "{query}");
        assert!(r.matches.len() <= MAX_MATCHES && r.maybe.len() <= MAX_MAYBE);
        assert!(r.matches.is_empty() || r.maybe.is_empty(), "{query}: maybe is only for no answer");
        for list in [&r.matches, &r.maybe] {
            assert!(list.windows(2).all(|w| w[0].score >= w[1].score), "{query}: {list:?}");
            let flows: HashSet<&str> = list.iter().map(|m| m.flow_id.as_str()).collect();
            assert_eq!(flows.len(), list.len(), "{query}: a flow appears twice");
        }
    }
}

#[test]
fn one_common_word_is_a_hint_not_an_answer() {
    for query in ["注册", "实名", "登录", "账号", "下载"] {
        let r = search(query, Lang::ZhCn);
        assert!(r.matches.is_empty(), "“{query}” answered {:?}", r.matches);
        assert!(!r.maybe.is_empty(), "“{query}” offered no topic");
    }
}

/// The search's portal, given a query that names one.
fn portals_of(r: &SearchResult) -> HashSet<Portal> {
    r.matches.iter().chain(&r.maybe).map(|m| m.portal).collect()
}

#[test]
fn a_query_naming_a_portal_is_answered_only_from_that_portal() {
    // 已经存在 is the NMPA hall's message, but this one comes from CPTA's registration platform.
    for (query, portal) in [
        ("中国人事考试网注册时提示：已经存在", Portal::Cpta),
        ("全国专业技术人员资格考试报名服务平台 该证件号码已经存在", Portal::Cpta),
        ("中国教师资格网 实名认证未成功，请核对填写的身份证信息", Portal::Jszg),
        ("药监局网上办事大厅：该用户已注册", Portal::Nmpa),
    ] {
        let r = search(query, Lang::ZhCn);
        assert_eq!(r.portal, Some(portal), "{query}");
        assert!(portals_of(&r).iter().all(|p| *p == portal), "{query}: {:?} {:?}", r.matches, r.maybe);
    }
}

#[test]
fn a_query_saying_who_asks_is_answered_only_from_that_applicants_guides() {
    let flows_of = |r: &SearchResult| r.matches.iter().chain(&r.maybe).map(|m| m.flow_id.clone()).collect::<Vec<_>>();
    // The teacher site's 认定 guide knows 申报系统; so did the pharmacists' old registration system.
    let plain = search("登录申报系统，输入身份证号码和初始密码", Lang::ZhCn);
    assert!(portals_of(&plain).contains(&Portal::Jszg), "{:?}", flows_of(&plain));
    for query in ["執業藥師登錄申報系統，輸入身份證號碼和初始密碼", "药师登录申报系统，输入身份证号码和初始密码"]
    {
        let r = search(query, Lang::ZhCn);
        assert!(!portals_of(&r).contains(&Portal::Jszg), "{query}: {:?}", flows_of(&r));
        assert!(!r.matches.is_empty() || !r.maybe.is_empty(), "{query}: the pharmacists' guides still answer");
    }
    let r = search("教师资格 登录 药监局 网上办事大厅 忘记密码", Lang::ZhCn);
    assert_eq!(r.matches.first().map(|m| m.portal), Some(Portal::Nmpa), "a named portal decides: {:?}", flows_of(&r));
    // The guides both kinds of applicant use (网证) answer either.
    for query in ["执业药师 开通网证 国家网络身份认证App", "教师资格 开通网证 国家网络身份认证App"]
    {
        let r = search(query, Lang::ZhCn);
        assert_eq!(r.matches.first().map(|m| m.flow_id.as_str()), Some("ctid_network_identity"), "{query}");
    }
    // Both named: no limit.
    let r = search("执业药师也考教师资格：登录申报系统，输入身份证号码和初始密码", Lang::ZhCn);
    assert!(portals_of(&r).contains(&Portal::Jszg), "{:?}", flows_of(&r));
}

#[test]
fn a_portal_named_inside_a_quoted_message_is_the_messages_word() {
    // CPTA's notice names the 网证 service; quoting it is about the CPTA account, not the 网证 app.
    let r = search("报名服务平台现已支持国家网络身份认证公共服务", Lang::ZhCn);
    assert_eq!(r.matches.first().map(|m| (m.flow_id.as_str(), m.portal)), Some(("cpta_account", Portal::Cpta)));
    // Named outside the message, the portal still limits the answers.
    let r = search("国家网络身份认证 App 提示：设置网络身份认证凭证口令", Lang::ZhCn);
    assert_eq!(r.matches.first().map(|m| m.flow_id.as_str()), Some("ctid_network_identity"));
}

#[test]
fn a_short_message_inside_another_sites_sentence_is_no_exact_answer() {
    // 已经存在 is the NMPA hall's message; CPTA says 该证件号码在注册库中已经存在.
    let r = search("系统提示该证件号码在注册库中已经存在", Lang::ZhCn);
    assert!(
        !r.matches.iter().any(|m| m.flow_id == "nmpa_already_exists" && m.why == MatchKind::Exact),
        "{:?}",
        r.matches
    );
    assert_eq!(r.matches.first().map(|m| m.flow_id.as_str()), Some("cpta_account"));
}

#[test]
fn sharing_only_the_portals_name_with_a_message_is_no_near_miss() {
    // The platform's name is also the start of one of CPTA's declared messages; the rest of
    // this message is something no guide covers.
    let r = search(
        "全国专业技术人员资格考试报名服务平台：学历学位信息在线核验状态为“未核验”的，请24小时后，登录系统查看核验状态。",
        Lang::ZhCn,
    );
    let notice = "全国专业技术人员资格考试报名服务平台现已支持国家网络身份认证公共服务";
    assert!(!r.matches.iter().chain(&r.maybe).any(|m| m.message == notice), "{:?}", r.matches);
    assert_eq!(r.portal, Some(Portal::Cpta));
}

#[test]
fn a_sentence_naming_the_portal_is_no_near_miss_of_a_message_made_of_its_name() {
    // The real-name page's title is the portal's name and one cue word: any longer sentence that
    // names the portal came within a few edits of it, and was answered with the real-name guide.
    let title = "中国教师资格网——实名核验";
    for q in [
        "请申请人在中国教师资格网报名时妥善保管个人密码及报名号，以便查询个人信息及修改信息。",
        "在中国教师资格网申请认定时，学历信息核验不到怎么办？",
    ] {
        let r = search(q, Lang::ZhCn);
        assert!(!r.matches.iter().chain(&r.maybe).any(|m| m.message == title), "{q}: {:?}", r.matches);
        assert_eq!(r.portal, Some(Portal::Jszg), "{q}");
    }
    // The title itself, with a character wrong, still is that message.
    let r = search("中国教师资格网——实名核检", Lang::ZhCn);
    assert_eq!(r.matches.first().map(|m| m.message.as_str()), Some(title));
}

#[test]
fn scattered_common_words_are_a_hint_at_most() {
    // Each pair occurs in some guide, none says which problem this is.
    let r = search("提示 要求 审核 怎么办", Lang::ZhCn);
    assert!(r.matches.is_empty(), "{:?}", r.matches);
}

#[test]
fn a_shared_step_counts_for_each_flow_that_uses_it_in_part() {
    // The 24-hour annotation wait is one step that four CPTA guides use: its words cannot tell
    // those guides apart, so each counts a quarter of it; a guide's own steps count in full.
    let idx = index::index();
    let weight = |flow: &str, node: &str| {
        idx.docs
            .iter()
            .find(|d| idx.flows[d.flow].id == flow && d.node_id.as_deref() == Some(node))
            .map(|d| d.weight)
            .unwrap_or_else(|| panic!("{flow}/{node} is indexed"))
    };
    assert_eq!(weight("cpta_annotation", "w_annotation"), 0.25);
    assert_eq!(weight("cpta_registration", "w_reannotate"), 0.25);
    assert_eq!(weight("cpta_annotation", "a_apply"), 1.0);
    // The flow's own document (title, keywords, messages) counts in full.
    assert!(idx.docs.iter().filter(|d| d.node_id.is_none()).all(|d| d.weight == 1.0));
}

#[test]
fn a_query_saying_where_or_who_needs_more_than_a_hint_not_a_sure_match() {
    // Says who is asking (执业药师): a registration guide that scores above a hint but below
    // the bar for a query that says nothing of where it comes from is the answer.
    let r = search("1、执业药师要延长注册怎么办理", Lang::ZhCn);
    let first = r.matches.first().expect("an answer");
    assert_eq!(first.flow_id, "nmpa_registration");
    assert!((CONFIDENT_ROLE..CONFIDENT).contains(&first.score), "{}", first.score);
    // Names CPTA (电子证书) but the words are the NMPA registration's: the cue and the words
    // disagree, so the CPTA guide needs the full bar, and it does not reach it.
    let r = search("三、是不是有了执业药师资格证书(纸质或者电子证书)就必须要注册?", Lang::ZhCn);
    assert!(r.matches.is_empty(), "{:?}", r.matches);
    assert!(r.maybe.iter().all(|m| m.portal == Portal::Cpta), "{:?}", r.maybe);
}

#[test]
fn a_guide_that_stands_out_answers_a_query_saying_where_or_who_from_lower() {
    // Says who is asking (教师资格). The guide scores below the bar for such a query, but more
    // than twice any other guide of any portal, so it is the answer.
    for (query, flow) in [(
        "申请教师资格体检,不再检测乙肝项目,不得询问是否携带乙肝表面抗原,也不需提供乙肝项目检测报告。",
        "jszg_certification",
    )] {
        let r = search(query, Lang::ZhCn);
        let first = r.matches.first().unwrap_or_else(|| panic!("an answer to {query}"));
        assert_eq!(first.flow_id, flow);
        assert!((CONFIDENT_CLEAR..CONFIDENT_ROLE).contains(&first.score), "{}", first.score);
    }
    // Says who (教资) and scores in the same band, but the next guide is nearly as close: no answer.
    let r = search("教资照片审核是人工吗", Lang::ZhCn);
    assert!(r.matches.is_empty(), "{:?}", r.matches);
    assert!(r.maybe.first().is_some_and(|m| m.score >= CONFIDENT_CLEAR), "{:?}", r.maybe);
    // The guides the best one stands out from are no answers with it.
    let r =
        search("4.首次登录全国专业技术人员职业资格证书查询验证系统(证书下载)后,如何在系统中下载电子证书?", Lang::ZhCn);
    let ids: Vec<&str> = r.matches.iter().map(|m| m.flow_id.as_str()).collect();
    assert_eq!(ids, ["cpta_download"]);
}

#[test]
fn a_heading_is_read_with_the_sentence_under_it() {
    // The heading alone is an NMPA step's name (填写身份信息); the sentence under it is the
    // teacher site's (统考合格证编号). Read together, the NMPA guide is no answer.
    let r =
        search("（三）申报第三步 填写身份信息\n申请人须在此输入真实姓名、身份证件号码和统考合格证编号。", Lang::ZhCn);
    assert!(r.matches.iter().all(|m| m.portal != Portal::Nmpa), "{:?}", r.matches);
    assert_eq!(r.matches.first().or(r.maybe.first()).map(|m| m.flow_id.as_str()), Some("jszg_certification"));
}

#[test]
fn a_look_alike_site_gets_no_guide_and_is_named() {
    for (query, site) in [
        ("中小学教师资格考试网报名时提示：审核不通过，照片不符合要求", "中小学教师资格考试网"),
        ("学信网提示：证件号码已经被注册，客服审核通过后才能被再次注册", "学信网"),
    ] {
        let r = search(query, Lang::ZhCn);
        assert!(r.matches.is_empty() && r.maybe.is_empty(), "{query}: {:?}", r.matches);
        assert!(r.elsewhere.as_deref().is_some_and(|e| e.contains(site)), "{query}: {:?}", r.elsewhere);
    }
    // A page of the teacher site that warns about the look-alike is still the teacher site's.
    let r = search("特别提醒：您在中小学教师资格考试网注册的账号不能用于中国教师资格网", Lang::ZhCn);
    assert_eq!(r.matches.first().map(|m| m.flow_id.as_str()), Some("jszg_login_failed"));
    assert_eq!(r.elsewhere, None);
}

#[test]
fn a_weak_match_says_no_guide_offers_maybe_and_the_portals_help() {
    let r =
        search("中国人事考试网：学历学位信息在线核验状态为“未核验”的，请24小时后，登录系统查看核验状态", Lang::ZhCn);
    assert!(r.matches.is_empty(), "{:?}", r.matches);
    assert_eq!(r.portal, Some(Portal::Cpta));
    let help = r.help.expect("the CPTA help contacts");
    assert_eq!(help.id, Portal::Cpta);
    assert!(!help.help.is_empty());
    assert!(r.maybe.iter().all(|m| m.portal == Portal::Cpta && m.score < CONFIDENT));
    // Nothing named, nothing close: no portal to point at.
    let r = search("今天天气很好", Lang::En);
    assert!(r.matches.is_empty() && r.maybe.is_empty() && r.help.is_none() && r.portal.is_none());
    // Nothing named, and the closest guides belong to several portals, or there is one, and
    // weak: no portal's help either.
    for query in
        ["二级建造师重新注册需要多长时间", "照片與所填性別不符或非本人或背景不符，請上傳本人近期免冠正面藍底證件照"]
    {
        let r = search(query, Lang::ZhCn);
        let portals: HashSet<Portal> = r.maybe.iter().map(|m| m.portal).collect();
        let lone_and_weak = r.maybe.len() == 1 && r.maybe[0].score < MAYBE_ALONE_FOR_PORTAL;
        assert!(r.matches.is_empty() && (portals.len() > 1 || lone_and_weak), "{query}: {:?} {:?}", r.matches, r.maybe);
        assert!(r.help.is_none() && r.portal.is_none(), "{query}: {:?}", r.portal);
    }
}

#[test]
fn the_sentence_that_matters_is_found_in_a_whole_page() {
    // A help page pasted whole: chatter around, the portal's words deep inside (past the first
    // 500 characters, where the old search stopped reading).
    let chatter =
        "本文整理了考生常问的问题，仅供参考，具体以官方通知为准。欢迎关注我们的公众号获取更多资讯。\n".repeat(40);
    let page = format!("{chatter}提交加注申请后，无法查看和下载电子证书，显示“证书生成中…”，怎么办？\n{chatter}");
    assert!(page.chars().count() > 3_000);
    let r = search(&page, Lang::ZhCn);
    assert_eq!(r.matches.first().map(|m| m.flow_id.as_str()), Some("cpta_annotation"), "{:?}", r.matches);
    // Only chatter: no answer.
    assert!(search(&chatter, Lang::ZhCn).matches.is_empty());
}

#[test]
fn invisible_characters_in_a_paste_are_ignored() {
    let pasted = "\u{FEFF}该\u{200B}用户\u{00AD}已\u{200D}注册\u{2060}";
    let r = search(pasted, Lang::ZhCn);
    assert_eq!(r.query_normalized, "该用户已注册");
    assert_eq!((r.matches[0].flow_id.as_str(), r.matches[0].why), ("jszg_already_registered", MatchKind::Exact));
}

#[test]
fn a_match_on_the_guides_words_shows_why_and_where() {
    let r = search("提交加注申请后，无法查看和下载电子证书，显示证书生成中，怎么办", Lang::ZhCn);
    let m = r.matches.first().expect("an answer");
    assert_eq!(m.flow_id, "cpta_annotation");
    assert_eq!(m.why, MatchKind::Words);
    assert!(m.matched_words.iter().any(|w| w.contains("加注")), "{:?}", m.matched_words);
    assert!(m.highlighted.iter().any(|p| p.hit), "{:?}", m.highlighted);
    assert_eq!(m.highlighted.iter().map(|p| p.text.as_str()).collect::<String>(), m.message);
    assert!(m.node_id.is_some() && m.node_text.is_some());
    // The same in Traditional characters, with titles and texts in the UI language.
    let tw = search("提交加註申請後，無法查看和下載電子證書，顯示證書生成中，怎麼辦", Lang::ZhTw);
    assert_eq!(tw.matches.first().map(|m| m.flow_id.as_str()), Some("cpta_annotation"));
    assert_eq!(tw.matches[0].flow_title, "電子證書加註");
}

#[test]
fn english_words_find_english_guides() {
    let r = search("How do I annotate my e-certificate?", Lang::En);
    let first = r.matches.first().or(r.maybe.first()).expect("a topic");
    assert_eq!(first.flow_id, "cpta_annotation");
}

#[test]
fn matches_carry_the_flow_title_in_the_chosen_language_and_the_portal() {
    let zh = top("该用户已注册").expect("match");
    let tw = search("该用户已注册", Lang::ZhTw).matches.remove(0);
    let en = search("该用户已注册", Lang::En).matches.remove(0);
    assert_eq!(zh.portal, crate::catalog::Portal::Jszg);
    assert_eq!(zh.flow_title, "注册时提示“该用户已注册”");
    assert_eq!(tw.flow_title, "註冊時提示「該用戶已註冊」");
    assert_eq!(en.flow_title, "Registration says “this user is already registered”");
    assert_eq!(zh.node_id.as_deref(), Some("f_meaning"));
    assert_eq!(top("证书状态：有效").map(|m| m.portal), Some(crate::catalog::Portal::Cpta));
    assert_eq!(top("实名认证未成功").map(|m| m.portal), Some(crate::catalog::Portal::Nmpa));
}

#[test]
fn the_query_is_read_up_to_the_cap() {
    let padding = "。".repeat(MAX_QUERY_CHARS);
    assert!(search(&format!("{padding}该用户已注册"), Lang::ZhCn).is_empty(), "text past the cap is ignored");
    let long = format!("该用户已注册 {}", "x".repeat(100_000));
    let r = search(&long, Lang::ZhCn);
    assert_eq!(r.matches.first().map(|m| m.flow_id.as_str()), Some("jszg_already_registered"));
    assert!(r.query_normalized.chars().count() <= MAX_QUERY_CHARS);
}

#[test]
fn prepare_builds_the_index_ahead_of_the_first_search() {
    prepare();
    assert!(!search("该用户已注册", Lang::ZhCn).is_empty());
}

#[test]
fn the_normalised_query_is_reported() {
    assert_eq!(search("該用戶 已註冊！", Lang::ZhCn).query_normalized, "该用户已注册");
    assert_eq!(search("ＡＢＣ，abc…", Lang::ZhCn).query_normalized, "abcabc");
}

#[test]
fn declared_messages_stay_distinct_after_normalisation() {
    let mut seen = HashSet::new();
    for m in declared_messages() {
        let key: String = normalize(&m.text).into_iter().collect();
        assert!(key.chars().count() >= crate::guide::MIN_MESSAGE_CHARS, "“{}” is too short", m.text);
        assert!(seen.insert(key), "“{}” normalises like another message", m.text);
    }
}

#[test]
fn flows_without_a_message_in_the_seeds_are_the_known_ones() {
    // The seeds quote no portal message for these flows (see the issue 12 report); every
    // other flow declares at least one.
    let declared = declared_messages();
    let with: BTreeSet<&str> = declared.iter().map(|m| m.flow_id.as_str()).collect();
    let flow_ids = crate::guide::flow_ids();
    let without: BTreeSet<&str> = flow_ids.iter().map(String::as_str).filter(|f| !with.contains(f)).collect();
    assert_eq!(without, BTreeSet::from(["cpta_registration", "jszg_changed_contact", "jszg_hk_mo_tw"]));
}

#[test]
fn ipc_shapes_are_stable() {
    let r = search("登录失败！", Lang::En);
    let json = serde_json::to_value(&r).expect("serialise");
    let m = &json["matches"][0];
    assert_eq!(json["query_normalized"], "登录失败");
    assert_eq!(m["flow_id"], "jszg_login_failed");
    assert_eq!(m["node_id"], "f_intro");
    assert_eq!(m["portal"], "jszg");
    assert_eq!(m["flow_title"], "I cannot log in");
    assert_eq!(m["message"], "登录失败！");
    assert_eq!(m["score"], 1000);
    assert_eq!(m["why"], "exact");
    let none = serde_json::to_value(search("hello world", Lang::En)).expect("serialise");
    assert_eq!(none["matches"], serde_json::json!([]));
}

proptest! {
    #[test]
    fn search_never_panics_and_keeps_its_promises(query in "\\PC{0,600}") {
        let r = search(&query, Lang::ZhCn);
        prop_assert!(r.matches.len() <= MAX_MATCHES);
        prop_assert!(r.matches.iter().all(|m| m.score <= 1000));
        prop_assert!(r.matches.windows(2).all(|w| w[0].score >= w[1].score));
    }

    #[test]
    fn search_never_panics_on_chinese_like_text(query in "[\\u{4e00}-\\u{9fff}，。！“”…—、 a-z0-9]{0,80}") {
        let r = search(&query, Lang::ZhTw);
        prop_assert!(r.matches.len() <= MAX_MATCHES);
    }
}

#[test]
fn a_latin_cue_word_names_a_site_only_as_a_word_of_its_own() {
    // "ncre" (the computer-rank exam) runs across "education credits" once the spaces are gone,
    // and "cpta" is inside "acceptable": neither names a site.
    let r = search("Persons who must also bring the certificate of continuing education credits", Lang::En);
    assert_eq!(r.elsewhere, None);
    assert_eq!(r.matches.first().map(|m| m.flow_id.as_str()), Some("nmpa_registration"), "{:?}", r.matches);
    let r = search("an acceptable photo for the pharmacist registration", Lang::En);
    assert_ne!(r.portal, Some(Portal::Cpta));
    // As words of their own they still do.
    assert!(search("Where are my NCRE exam results?", Lang::En).elsewhere.is_some());
    assert_eq!(search("cpta account forgot password", Lang::En).portal, Some(Portal::Cpta));
    // A Chinese cue word needs no spaces around it.
    assert_eq!(search("请登录中国人事考试网查询", Lang::ZhCn).portal, Some(Portal::Cpta));
}

#[test]
fn a_message_several_portals_show_alike_asks_which_site() {
    // Nothing says which site, and the teacher site's, the NMPA hall's and CPTA's guides are
    // about as close: no answer, the guides of each offered, and no one portal's help desk.
    for query in ["忘记密码如何找回？", "4、已注冊考生忘記密碼,應如何找回?"] {
        let r = search(query, Lang::ZhCn);
        assert!(r.matches.is_empty(), "{query}: {:?}", r.matches);
        assert!(r.several_portals, "{query}");
        assert!(portals_of(&r).len() >= 2, "{query}: {:?}", r.maybe);
        assert!(r.help.is_none() && r.portal.is_none(), "{query}: {:?}", r.portal);
    }
    // The same words with the site named: answered from that site's guides.
    let r = search("中国教师资格网：已注册考生忘记密码，应如何找回？", Lang::ZhCn);
    assert!(!r.several_portals);
    assert!(r.matches.iter().any(|m| m.flow_id == "jszg_forgot_password"), "{:?}", r.matches);
    assert!(r.matches.iter().all(|m| m.portal == Portal::Jszg), "{:?}", r.matches);
    // One portal's own message quoted outweighs a near miss of another's: answered.
    let r = search("要使用的网络身份认证凭证", Lang::ZhCn);
    assert!(!r.several_portals);
    assert_eq!(r.matches.first().map(|m| m.flow_id.as_str()), Some("cpta_account"));
    // Close guides of one portal only are no reason to ask.
    let r = search("忘记密码怎么办", Lang::ZhCn);
    assert!(!r.several_portals, "{:?}", r.maybe);
    // Every site says these; another portal's guide within 70 % of the best is close enough.
    for query in ["一个手机号码每10天只能找回密码一次。", "在注册时,遇到“账号已注册,请直接登录”问题,可以直接进行登录"]
    {
        let r = search(query, Lang::ZhCn);
        assert!(r.matches.is_empty() && r.several_portals, "{query}: {:?}", r.matches);
    }
    // The teacher site's own message with a character added and one wrong: a near miss of it
    // outweighs CPTA's guide, whose words agree nearly as well.
    assert_eq!(top("该用户已经注册了").map(|m| m.flow_id), Some("jszg_already_registered".to_owned()));
}

#[test]
fn a_site_named_and_four_characters_are_a_question() {
    for (query, flow) in [
        ("药监局网上办事大厅忘记密码", "nmpa_forgot_password"),
        ("教师资格网登录不了", "jszg_login_failed"),
        ("中国人事考试网下载证书", "cpta_download"),
    ] {
        assert_eq!(top(query).map(|m| m.flow_id), Some(flow.to_owned()), "{query}");
    }
    // Four characters alone are a hint: no site, no answer.
    for query in ["报名考试", "下载证书"] {
        assert!(search(query, Lang::ZhCn).matches.is_empty(), "{query}");
    }
}

#[test]
fn a_query_saying_only_who_asks_needs_less_than_one_naming_nothing() {
    // Names no portal but says who is asking (教师资格): the HK/Macau/Taiwan guide, between the
    // bar for such a query and the one for a query that names a portal, and not standing out
    // (the certification guide is more than half as close), is the answer.
    let r = search(
        "在大陆高校工作的台湾居民,凡办理了居住证明的,根据自愿原则,可申请认定大陆高校相应种类的教师资格,条件和程序与大陆申请人相同。",
        Lang::ZhCn,
    );
    let first = r.matches.first().expect("an answer");
    assert_eq!(first.flow_id, "jszg_hk_mo_tw");
    assert!((CONFIDENT_ROLE..CONFIDENT_NAMED).contains(&first.score), "{}", first.score);
}

#[test]
fn a_keyword_one_guide_alone_lists_names_that_guides_problem() {
    // 加注 is said in three CPTA guides' steps, and the registration guide shares more of the
    // sentence's other words; only the annotation guide lists it as its problem's name.
    let r = search("8.申请电子证书加注,需要注意什么", Lang::ZhCn);
    assert_eq!(r.matches.first().map(|m| m.flow_id.as_str()), Some("cpta_annotation"), "{:?}", r.matches);
    let idx = super::index::index();
    let own = |w: &str| {
        idx.own_words_ac.as_ref().and_then(|ac| ac.find(w).filter(|m| m.end() - m.start() == w.len())).map(|m| {
            let f = idx.own_word_flows[m.pattern().as_usize()] as usize;
            idx.flows[f].id.clone()
        })
    };
    assert_eq!(own("加注").as_deref(), Some("cpta_annotation"));
    assert_eq!(own("体检").as_deref(), Some("jszg_certification"));
    // Several guides' titles say it (下载电子证书, 电子证书加注): no one guide's problem.
    assert_eq!(own("电子证书"), None);
    // A portal's name says which site, not which problem.
    assert_eq!(own("网上办事大厅"), None);
    // Listed by two guides (忘记密码: the NMPA hall's and the teacher site's): neither's own.
    assert_eq!(own("忘记密码"), None);
}
