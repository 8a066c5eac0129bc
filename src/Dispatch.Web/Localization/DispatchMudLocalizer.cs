using System.Globalization;
using Microsoft.Extensions.Localization;
using MudBlazor;

namespace Dispatch.Web.Localization;

/// <summary>
/// MudBlazor's own texts (grid filters, pagination, close buttons…) in Chinese; in English MudBlazor's defaults stand.
/// </summary>
public sealed class DispatchMudLocalizer : MudLocalizer
{
    private static readonly Dictionary<string, string> Chinese = new()
    {
        ["MudAlert_Close"] = "关闭",
        ["MudBaseDatePicker_NextMonth"] = "下个月",
        ["MudBaseDatePicker_NextYear"] = "下一年",
        ["MudBaseDatePicker_Open"] = "打开日期选择",
        ["MudBaseDatePicker_PrevMonth"] = "上个月",
        ["MudBaseDatePicker_PrevYear"] = "上一年",
        ["MudChip_Close"] = "移除",
        ["MudDataGrid_AddFilter"] = "添加筛选",
        ["MudDataGrid_Apply"] = "应用",
        ["MudDataGrid_Cancel"] = "取消",
        ["MudDataGrid_Clear"] = "清除",
        ["MudDataGrid_ClearFilter"] = "清除筛选",
        ["MudDataGrid_CollapseAllGroups"] = "全部折叠",
        ["MudDataGrid_CollapseGroup"] = "折叠分组",
        ["MudDataGrid_Column"] = "列",
        ["MudDataGrid_Columns"] = "列",
        ["MudDataGrid_Contains"] = "包含",
        ["MudDataGrid_EndsWith"] = "结尾是",
        ["MudDataGrid_Equals"] = "等于",
        ["MudDataGrid_ExpandAllGroups"] = "全部展开",
        ["MudDataGrid_ExpandGroup"] = "展开分组",
        ["MudDataGrid_False"] = "否",
        ["MudDataGrid_Filter"] = "筛选",
        ["MudDataGrid_FilterValue"] = "筛选值",
        ["MudDataGrid_Group"] = "分组",
        ["MudDataGrid_Hide"] = "隐藏",
        ["MudDataGrid_HideAll"] = "全部隐藏",
        ["MudDataGrid_Is"] = "是",
        ["MudDataGrid_IsAfter"] = "晚于",
        ["MudDataGrid_IsAnyOf"] = "属于",
        ["MudDataGrid_IsBefore"] = "早于",
        ["MudDataGrid_IsEmpty"] = "为空",
        ["MudDataGrid_IsNot"] = "不是",
        ["MudDataGrid_IsNotEmpty"] = "不为空",
        ["MudDataGrid_IsOnOrAfter"] = "不早于",
        ["MudDataGrid_IsOnOrBefore"] = "不晚于",
        ["MudDataGrid_Loading"] = "加载中…",
        ["MudDataGrid_MoveDown"] = "下移",
        ["MudDataGrid_MoveUp"] = "上移",
        ["MudDataGrid_NotContains"] = "不包含",
        ["MudDataGrid_NotEquals"] = "不等于",
        ["MudDataGrid_OpenFilters"] = "打开筛选",
        ["MudDataGrid_Operator"] = "条件",
        ["MudDataGrid_RefreshData"] = "刷新",
        ["MudDataGrid_RemoveFilter"] = "移除筛选",
        ["MudDataGrid_Save"] = "保存",
        ["MudDataGrid_SelectAllRows"] = "全选",
        ["MudDataGrid_SelectRow"] = "选择行",
        ["MudDataGrid_ShowAll"] = "全部显示",
        ["MudDataGrid_ShowColumnOptions"] = "列选项",
        ["MudDataGrid_Sort"] = "排序",
        ["MudDataGrid_StartsWith"] = "开头是",
        ["MudDataGrid_True"] = "是",
        ["MudDataGrid_Ungroup"] = "取消分组",
        ["MudDataGrid_Unsort"] = "取消排序",
        ["MudDataGrid_Value"] = "值",
        ["MudDialog_Close"] = "关闭",
        ["MudInput_Clear"] = "清除",
        ["MudInput_Decrement"] = "减少",
        ["MudInput_Increment"] = "增加",
        ["MudPagination_CurrentPage"] = "当前页",
        ["MudPagination_FirstPage"] = "第一页",
        ["MudPagination_LastPage"] = "最后一页",
        ["MudPagination_NextPage"] = "下一页",
        ["MudPagination_PageIndex"] = "第 {0} 页",
        ["MudPagination_PreviousPage"] = "上一页",
        ["MudRating_Label"] = "评分 {0}",
        ["MudSelect_SelectAll"] = "全选",
        ["MudSnackbar_Close"] = "关闭",
        ["MudTable_Loading"] = "加载中…",
        ["MudTable_SelectAllRows"] = "全选",
        ["MudTable_SelectRow"] = "选择行",
        ["MudTabs_ScrollLeft"] = "向左滚动",
        ["MudTabs_ScrollRight"] = "向右滚动",
        ["MudTimePicker_Open"] = "打开时间选择",
    };

    public override LocalizedString this[string key]
    {
        get
        {
            return CultureInfo.CurrentUICulture.Name.StartsWith("zh", StringComparison.Ordinal) && Chinese.TryGetValue(key, out var text)
                ? new LocalizedString(key, text)
                : base[key];
        }
    }

    public override LocalizedString this[string key, params object[] arguments]
    {
        get
        {
            var format = this[key];
            return format.ResourceNotFound ? base[key, arguments] : new LocalizedString(key, string.Format(format.Value, arguments));
        }
    }
}
