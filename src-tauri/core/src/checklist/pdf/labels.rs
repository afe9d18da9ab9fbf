//! The PDF's own words in the three languages (the checklist content comes translated already).

use crate::lang::Lang;

pub(crate) struct Labels {
    pub app: &'static str,
    pub generated: &'static str,
    pub offline: &'static str,
    pub basis_plan: &'static str,
    pub basis_assumed: &'static str,
    pub notices: &'static str,
    pub as_of: &'static str,
    pub stale: &'static str,
    pub materials: &'static str,
    pub steps: &'static str,
    pub waits: &'static str,
    pub notes: &'static str,
    pub page: &'static str,
    pub menu: &'static str,
    pub url: &'static str,
    pub wait_undated: &'static str,
    lang: Lang,
}

const ZH_CN: Labels = Labels {
    app: "申请助手",
    generated: "生成日期：",
    offline: "本清单由申请助手离线生成。官方网站和通知如有变化，以官方为准。",
    basis_plan: "根据你的回答",
    basis_assumed: "你还没有回答问题：本清单按要做的事最多的情况生成，假设的回答如下",
    notices: "每年会变的日期",
    as_of: "记录日期：",
    stale: "。这条信息可能已过时，请查看最新的官方通知。",
    materials: "要准备的东西",
    steps: "步骤",
    waits: "等待",
    notes: "要知道的事",
    page: "办理页面：",
    menu: "菜单：",
    url: "网址：",
    wait_undated: "日期无法计算",
    lang: Lang::ZhCn,
};

const ZH_TW: Labels = Labels {
    app: "申請助手",
    generated: "產生日期：",
    offline: "本清單由申請助手離線產生。官方網站和通知如有變化，以官方為準。",
    basis_plan: "根據你的回答",
    basis_assumed: "你還沒有回答問題：本清單按要做的事最多的情況產生，假設的回答如下",
    notices: "每年會變的日期",
    as_of: "記錄日期：",
    stale: "。這則資訊可能已過時，請查看最新的官方通知。",
    materials: "要準備的東西",
    steps: "步驟",
    waits: "等待",
    notes: "要知道的事",
    page: "辦理頁面：",
    menu: "選單：",
    url: "網址：",
    wait_undated: "日期無法計算",
    lang: Lang::ZhTw,
};

const EN: Labels = Labels {
    app: "Applicant Assistant",
    generated: "Generated on ",
    offline: "Made offline by Applicant Assistant. If the official sites or notices change, they take precedence.",
    basis_plan: "Based on your answers",
    basis_assumed: "You have not answered the questions: this checklist covers the case with the most to do, assuming these answers",
    notices: "Dates that change every year",
    as_of: "Recorded on ",
    stale: ". This may be out of date: check the latest official notice.",
    materials: "Have ready",
    steps: "Steps",
    waits: "Waits",
    notes: "Good to know",
    page: "Where: ",
    menu: "Menu: ",
    url: "Address: ",
    wait_undated: "The date cannot be worked out",
    lang: Lang::En,
};

impl Labels {
    pub fn get(lang: Lang) -> Labels {
        match lang {
            Lang::ZhCn => ZH_CN,
            Lang::ZhTw => ZH_TW,
            Lang::En => EN,
        }
    }

    pub fn wait_dates(&self, from: &str, until: &str) -> String {
        match self.lang {
            Lang::ZhCn => format!("从{from}起，预计{until}前后"),
            Lang::ZhTw => format!("從{from}起，預計{until}前後"),
            Lang::En => format!("From {from}, expected by about {until}"),
        }
    }

    pub fn no_holiday_data(&self, years: &str) -> String {
        match self.lang {
            Lang::ZhCn => format!("{years} 年的法定节假日还没有公布，只按周末计算。"),
            Lang::ZhTw => format!("{years} 年的法定假日還沒有公布，只按週末計算。"),
            Lang::En => format!("Official holidays for {years} are not yet published: only weekends were counted."),
        }
    }

    pub fn page_of(&self, n: usize, total: usize) -> String {
        match self.lang {
            Lang::ZhCn => format!("第 {n} 页，共 {total} 页"),
            Lang::ZhTw => format!("第 {n} 頁，共 {total} 頁"),
            Lang::En => format!("Page {n} of {total}"),
        }
    }
}
