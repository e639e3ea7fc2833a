package provider

// entityModels names each entity's model for TestSchemasMatchModels. A new
// data source, ephemeral resource or resource adds its line here.
func entityModels() map[string]any {
	return map[string]any{
		"wechat_gray_release_plan": grayReleasePlanModel{},
		"wechat_access_token":      accessTokenModel{},
		"wechat_version_info":      versionInfoModel{},
		"wechat_audit_status":      auditStatusModel{},
		"wechat_authorizers":       authorizersModel{},
		"wechat_js_errors":         jsErrorsModel{},
		"wechat_realtime_logs":     realtimeLogsModel{},
		"wechat_domains":           domainsModel{},
		"wechat_visit_trend":       visitTrendModel{},
		"wechat_api_quota":         apiQuotaModel{},
		"wechat_release":           releaseModel{},
	}
}
