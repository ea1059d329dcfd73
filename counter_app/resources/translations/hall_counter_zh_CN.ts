<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>AccountApprovalDialog</name>
    <message>
        <source>Account number</source>
        <translation>户号</translation>
    </message>
    <message>
        <source>Find</source>
        <translation>查找</translation>
    </message>
</context>
<context>
    <name>AdminPage</name>
    <message>
        <source>First administrator</source>
        <translation>首位管理员</translation>
    </message>
    <message>
        <source>The administrator signs in first and adds cashiers and supervisors (Supervisor menu → Users).</source>
        <translation>管理员先登录，再添加收费员和值班长（值班长菜单 → 用户管理）。</translation>
    </message>
    <message>
        <source>e.g. 9001</source>
        <translation>例如 9001</translation>
    </message>
    <message>
        <source>User id</source>
        <translation>工号</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>PIN</source>
        <translation>密码</translation>
    </message>
    <message>
        <source>PIN again</source>
        <translation>再次输入密码</translation>
    </message>
    <message>
        <source>The two PINs differ.</source>
        <translation>两次输入的密码不一致。</translation>
    </message>
</context>
<context>
    <name>AllocationTableModel</name>
    <message>
        <source>Period</source>
        <translation>账期</translation>
    </message>
    <message>
        <source>Late fee</source>
        <translation>违约金</translation>
    </message>
    <message>
        <source>Bill</source>
        <translation>电费</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>合计</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>结果</translation>
    </message>
    <message>
        <source>Prepaid credit</source>
        <translation>预存</translation>
    </message>
    <message>
        <source>Kept as credit</source>
        <translation>转为预存</translation>
    </message>
    <message>
        <source>Settled</source>
        <translation>结清</translation>
    </message>
    <message>
        <source>Part paid</source>
        <translation>部分缴费</translation>
    </message>
</context>
<context>
    <name>ApprovalDialog</name>
    <message>
        <source>值班长审批 Supervisor approval</source>
        <translation>值班长审批 Supervisor approval</translation>
    </message>
    <message>
        <source>请值班长输入工号和密码</source>
        <translation>请值班长输入工号和密码</translation>
    </message>
    <message>
        <source>原因 Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>审批人工号</source>
        <translation>审批人工号</translation>
    </message>
    <message>
        <source>密码 PIN</source>
        <translation>密码 PIN</translation>
    </message>
    <message>
        <source>请填写原因 Give a reason.</source>
        <translation>请填写原因。</translation>
    </message>
</context>
<context>
    <name>ArrearsTab</name>
    <message>
        <source>any area</source>
        <translation>全部台区</translation>
    </message>
    <message>
        <source>any age</source>
        <translation>全部账龄</translation>
    </message>
    <message>
        <source>any user type</source>
        <translation>全部用户类型</translation>
    </message>
    <message>
        <source>Residential</source>
        <translation>居民</translation>
    </message>
    <message>
        <source>Non-residential</source>
        <translation>非居民</translation>
    </message>
    <message>
        <source>any level</source>
        <translation>全部级别</translation>
    </message>
    <message>
        <source>Query (F5)</source>
        <translation>查询 (F5)</translation>
    </message>
    <message>
        <source>Next page</source>
        <translation>下一页</translation>
    </message>
    <message>
        <source>Export CSV… (Ctrl+E)</source>
        <translation>导出 CSV… (Ctrl+E)</translation>
    </message>
    <message>
        <source>As of</source>
        <translation>截至</translation>
    </message>
    <message>
        <source>Area</source>
        <translation>台区</translation>
    </message>
    <message>
        <source>Age</source>
        <translation>账龄</translation>
    </message>
    <message>
        <source>User type</source>
        <translation>用户类型</translation>
    </message>
    <message>
        <source>Level</source>
        <translation>催费级别</translation>
    </message>
    <message>
        <source>Account</source>
        <translation>户号</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>户名</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>电话</translation>
    </message>
    <message>
        <source>Oldest due</source>
        <translation>最早到期日</translation>
    </message>
    <message>
        <source>Days overdue</source>
        <translation>逾期天数</translation>
    </message>
    <message>
        <source>Bills</source>
        <translation>笔数</translation>
    </message>
    <message>
        <source>Principal</source>
        <translation>欠费本金</translation>
    </message>
    <message>
        <source>Late fee</source>
        <translation>违约金</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>合计</translation>
    </message>
    <message>
        <source>Lock / promise</source>
        <translation>锁定 / 承诺</translation>
    </message>
    <message>
        <source>Repeat defaulter</source>
        <translation>屡欠户</translation>
    </message>
    <message>
        <source>Fetching arrears…</source>
        <translation>正在获取欠费清单…</translation>
    </message>
    <message>
        <source>{n} accounts (showing {shown}); principal {principal}, late fees {late}, total {total}; this year {current}, earlier years {prior}</source>
        <translation>共 {n} 户（已显示 {shown} 户）；本金 {principal}，违约金 {late}，合计 {total}；本年 {current}，往年 {prior}</translation>
    </message>
    <message>
        <source>Export the arrears list</source>
        <translation>导出欠费清单</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>CSV 文件 (*.csv)</translation>
    </message>
    <message>
        <source>Total (fen)</source>
        <translation>合计（分）</translation>
    </message>
    <message>
        <source>{n} accounts written to {file}</source>
        <translation>{n} 户已写入 {file}</translation>
    </message>
    <message>
        <source>Exporting…</source>
        <translation>正在导出…</translation>
    </message>
</context>
<context>
    <name>AuditModel</name>
    <message>
        <source>No.</source>
        <translation>序号</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Counter</source>
        <translation>柜台</translation>
    </message>
    <message>
        <source>User</source>
        <translation>用户</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>操作</translation>
    </message>
    <message>
        <source>What happened</source>
        <translation>内容</translation>
    </message>
    <message>
        <source>Outcome</source>
        <translation>结果</translation>
    </message>
</context>
<context>
    <name>AuditText</name>
    <message>
        <source>Sign-in of {user}: {outcome}</source>
        <translation>工号 {user} 登录：{outcome}</translation>
    </message>
    <message>
        <source>{user} signed in</source>
        <translation>工号 {user} 登录</translation>
    </message>
    <message>
        <source>Payment of {amount} for account {account_no}, receipt {receipt_no} ({tenders})</source>
        <translation>户号 {account_no} 缴费 {amount}，收据 {receipt_no}（{tenders}）</translation>
    </message>
    <message>
        <source>Receipt {receipt_no} ({amount}) voided, approved by {approved_by}: {reason}</source>
        <translation>收据 {receipt_no}（{amount}）已作废，批准人 {approved_by}，原因：{reason}</translation>
    </message>
    <message>
        <source>Credit of {amount} refunded to account {account_no} (receipt {receipt_no}), approved by {approved_by}: {reason}</source>
        <translation>户号 {account_no} 退预存 {amount}（收据 {receipt_no}），批准人 {approved_by}，原因：{reason}</translation>
    </message>
    <message>
        <source>Late fee {waived} of period {period} waived, approved by {approved_by}: {reason}</source>
        <translation>减免 {period} 账期违约金 {waived}，批准人 {approved_by}，原因：{reason}</translation>
    </message>
    <message>
        <source>{approver_id} approved: {action} ({reason})</source>
        <translation>{approver_id} 批准：{action}（{reason}）</translation>
    </message>
    <message>
        <source>Approval by {approver_id} for {action} refused: {outcome}</source>
        <translation>{approver_id} 对「{action}」的批准未通过：{outcome}</translation>
    </message>
    <message>
        <source>{approver_id} ({approver_role}) approved by exception ({basis}): {action} ({reason})</source>
        <translation>{approver_id}（{approver_role}）按例外规则审批（{basis}）：{action}（{reason}）</translation>
    </message>
    <message>
        <source>Shift {shift} opened with a float of {float}</source>
        <translation>开班 {shift}，备用金 {float}</translation>
    </message>
    <message>
        <source>Close of shift {shift} begun: blind count</source>
        <translation>班次 {shift} 开始交班：盲点现金</translation>
    </message>
    <message>
        <source>Shift {shift} counted: cash {counted}, cash over/short {over_short_cash}</source>
        <translation>班次 {shift} 点钞：现金 {counted}，现金长短款 {over_short_cash}</translation>
    </message>
    <message>
        <source>Shift {shift} signed off ({unsent_payments} payments not yet sent)</source>
        <translation>班次 {shift} 已签核（{unsent_payments} 笔收费尚未上传）</translation>
    </message>
    <message>
        <source>Shift {shift} closed: takings {payment_total}, over/short {over_short}</source>
        <translation>班次 {shift} 已交班：收费合计 {payment_total}，长短款 {over_short}</translation>
    </message>
    <message>
        <source>X report of shift {shift} (takings {payment_total})</source>
        <translation>班次 {shift} 的 X 报表（收费合计 {payment_total}）</translation>
    </message>
    <message>
        <source>Cash in of {amount} to shift {shift}: {reason}</source>
        <translation>班次 {shift} 存入 {amount}，原因：{reason}</translation>
    </message>
    <message>
        <source>Cash out of {amount} from shift {shift}: {reason}</source>
        <translation>班次 {shift} 取出 {amount}，原因：{reason}</translation>
    </message>
    <message>
        <source>Cash drawer opened for a payment</source>
        <translation>收费时打开钱箱</translation>
    </message>
    <message>
        <source>Cash drawer did not open: {error}</source>
        <translation>钱箱未能打开：{error}</translation>
    </message>
    <message>
        <source>Cash drawer opened without a sale</source>
        <translation>无收费打开钱箱</translation>
    </message>
    <message>
        <source>Cash drawer did not open (no sale): {error}</source>
        <translation>钱箱未能打开（无收费开箱）：{error}</translation>
    </message>
    <message>
        <source>Phone of account {account} changed from {old} to {new}</source>
        <translation>户号 {account} 的电话由 {old} 改为 {new}</translation>
    </message>
    <message>
        <source>Phone {new} of account {account} verified with the customer</source>
        <translation>户号 {account} 的手机号 {new} 已向客户核实</translation>
    </message>
    <message>
        <source>User {user} added: {name}, {role}</source>
        <translation>新增用户 {user}：{name}，{role}</translation>
    </message>
    <message>
        <source>User {user} enabled</source>
        <translation>用户 {user} 已启用</translation>
    </message>
    <message>
        <source>User {user} disabled</source>
        <translation>用户 {user} 已停用</translation>
    </message>
    <message>
        <source>PIN of user {user} reset</source>
        <translation>用户 {user} 的 PIN 已重置</translation>
    </message>
    <message>
        <source>Role of user {user} changed from {from} to {to}</source>
        <translation>用户 {user} 的角色由{from}改为{to}</translation>
    </message>
    <message>
        <source>Customers imported from {file}: {rows} rows, {inserted} new, {updated} updated</source>
        <translation>从 {file} 导入客户：{rows} 行，新增 {inserted}，更新 {updated}</translation>
    </message>
    <message>
        <source>Bills imported from {file}: {rows} rows, {inserted} new, {updated} updated</source>
        <translation>从 {file} 导入账单：{rows} 行，新增 {inserted}，更新 {updated}</translation>
    </message>
    <message>
        <source>Offline too long: card payments refused ({queued} payments queued, {hours_offline} h offline)</source>
        <translation>离线过久：暂停刷卡收费（{queued} 笔待上传，已离线 {hours_offline} 小时）</translation>
    </message>
    <message>
        <source>Back within the offline limits: card payments allowed again</source>
        <translation>已回到离线限额内：恢复刷卡收费</translation>
    </message>
    <message>
        <source>The ledger refused {target_kind} {target_id}: on the review list</source>
        <translation>总账拒收{target_kind} {target_id}：已列入待复核</translation>
    </message>
    <message>
        <source>The ledger flagged {target_kind} {target_id} for review</source>
        <translation>总账将{target_kind} {target_id} 标记为待复核</translation>
    </message>
    <message>
        <source>Card reference of {target_kind} {target_id} corrected from {old} to {new} and sent again: {reason}</source>
        <translation>{target_kind} {target_id} 的银行卡参考号由 {old} 更正为 {new}，已重新上传：{reason}</translation>
    </message>
    <message>
        <source>Queued items sealed into the audit trail</source>
        <translation>待上传记录已封记到审计链</translation>
    </message>
    <message>
        <source>Dunning run proposed as of {as_of} ({customer_class}): {outcome}</source>
        <translation>生成催费批次建议，截至 {as_of}（{customer_class}）：{outcome}</translation>
    </message>
    <message>
        <source>Dunning run {run_id}: line of account {account_no} changed: {outcome}</source>
        <translation>催费批次 {run_id}：修改户号 {account_no} 的明细：{outcome}</translation>
    </message>
    <message>
        <source>Dunning run {run_id} executed: {outcome}</source>
        <translation>执行催费批次 {run_id}：{outcome}</translation>
    </message>
    <message>
        <source>Dunning run {run_id} reversed ({reason}): {outcome}</source>
        <translation>冲回催费批次 {run_id}（{reason}）：{outcome}</translation>
    </message>
    <message>
        <source>Delivery of notice {number} recorded ({method}, signed by {signed_by}): {outcome}</source>
        <translation>登记通知单 {number} 送达（{method}，签收人 {signed_by}）：{outcome}</translation>
    </message>
    <message>
        <source>Stop-supply request {request_id} approved by {approver_id}: {outcome}</source>
        <translation>停电申请 {request_id} 由 {approver_id} 批准：{outcome}</translation>
    </message>
    <message>
        <source>Stop-supply request {request_id} cancelled ({reason}): {outcome}</source>
        <translation>撤销停电申请 {request_id}（{reason}）：{outcome}</translation>
    </message>
    <message>
        <source>Reconnection task {task_id} closed: {outcome}</source>
        <translation>关闭复电任务 {task_id}：{outcome}</translation>
    </message>
    <message>
        <source>SMS template {name} drafted: {outcome}</source>
        <translation>起草短信模板 {name}：{outcome}</translation>
    </message>
    <message>
        <source>SMS template {template_id} approved: {outcome}</source>
        <translation>审批短信模板 {template_id}：{outcome}</translation>
    </message>
    <message>
        <source>Store restored from backup {backup} (previous store kept as {previous_store}); {lost} queued item(s) dropped</source>
        <translation>已从备份 {backup} 恢复数据库（原数据库保留为 {previous_store}）；放弃 {lost} 笔待上传记录</translation>
    </message>
    <message>
        <source>done</source>
        <translation>完成</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <source>for review</source>
        <translation>待复核</translation>
    </message>
    <message>
        <source>alert</source>
        <translation>告警</translation>
    </message>
    <message>
        <source>wrong PIN</source>
        <translation>PIN 错误</translation>
    </message>
    <message>
        <source>unknown user</source>
        <translation>无此用户</translation>
    </message>
    <message>
        <source>user disabled</source>
        <translation>用户已停用</translation>
    </message>
    <message>
        <source>locked</source>
        <translation>已锁定</translation>
    </message>
    <message>
        <source>wrong PIN, now locked</source>
        <translation>PIN 错误，已锁定</translation>
    </message>
    <message>
        <source>refused</source>
        <translation>已拒绝</translation>
    </message>
    <message>
        <source>payment</source>
        <translation>收费</translation>
    </message>
    <message>
        <source>void</source>
        <translation>作废</translation>
    </message>
    <message>
        <source>refund</source>
        <translation>退款</translation>
    </message>
    <message>
        <source>shift report</source>
        <translation>班次报表</translation>
    </message>
    <message>
        <source>audit head</source>
        <translation>审计链头</translation>
    </message>
    <message>
        <source>cash</source>
        <translation>现金</translation>
    </message>
    <message>
        <source>bank card</source>
        <translation>银行卡</translation>
    </message>
    <message>
        <source>cashier</source>
        <translation>收费员</translation>
    </message>
    <message>
        <source>supervisor</source>
        <translation>值班长</translation>
    </message>
    <message>
        <source>technician</source>
        <translation>运维</translation>
    </message>
    <message>
        <source>administrator</source>
        <translation>管理员</translation>
    </message>
    <message>
        <source>void a payment</source>
        <translation>作废收费</translation>
    </message>
    <message>
        <source>waive a late fee</source>
        <translation>减免违约金</translation>
    </message>
    <message>
        <source>cash out</source>
        <translation>取出现金</translation>
    </message>
    <message>
        <source>close a shift</source>
        <translation>交班</translation>
    </message>
    <message>
        <source>refund credit</source>
        <translation>退预存</translation>
    </message>
    <message>
        <source>the hall&apos;s named second approver</source>
        <translation>本厅指定的第二审批人</translation>
    </message>
    <message>
        <source>administrator override</source>
        <translation>管理员越权审批</translation>
    </message>
    <message>
        <source>open the drawer without a sale</source>
        <translation>无收费开钱箱</translation>
    </message>
    <message>
        <source>reprint beyond the limit</source>
        <translation>超次数重打</translation>
    </message>
    <message>
        <source>close with unsent payments</source>
        <translation>带未上传收费交班</translation>
    </message>
    <message>
        <source>exceed the offline limit</source>
        <translation>超出离线限额</translation>
    </message>
    <message>
        <source>approve a stop-supply request</source>
        <translation>批准停电申请</translation>
    </message>
    <message>
        <source>work the arrears</source>
        <translation>催费管理</translation>
    </message>
    <message>
        <source>outcome unknown</source>
        <translation>结果未知</translation>
    </message>
    <message>
        <source>card payments offline</source>
        <translation>离线刷卡</translation>
    </message>
    <message>
        <source>hours offline</source>
        <translation>离线时长</translation>
    </message>
    <message>
        <source>payments queued</source>
        <translation>待上传笔数</translation>
    </message>
    <message>
        <source>Sign-in</source>
        <translation>登录</translation>
    </message>
    <message>
        <source>Payment</source>
        <translation>收费</translation>
    </message>
    <message>
        <source>Void</source>
        <translation>作废</translation>
    </message>
    <message>
        <source>Credit refund</source>
        <translation>退预存</translation>
    </message>
    <message>
        <source>Late fee waiver</source>
        <translation>违约金减免</translation>
    </message>
    <message>
        <source>Approval</source>
        <translation>审批</translation>
    </message>
    <message>
        <source>Approval refused</source>
        <translation>审批未通过</translation>
    </message>
    <message>
        <source>Approval by exception</source>
        <translation>例外审批</translation>
    </message>
    <message>
        <source>Shift opened</source>
        <translation>开班</translation>
    </message>
    <message>
        <source>Close begun</source>
        <translation>开始交班</translation>
    </message>
    <message>
        <source>Blind count</source>
        <translation>盲点</translation>
    </message>
    <message>
        <source>Sign-off</source>
        <translation>签核</translation>
    </message>
    <message>
        <source>Shift closed</source>
        <translation>交班</translation>
    </message>
    <message>
        <source>X report</source>
        <translation>X 报表</translation>
    </message>
    <message>
        <source>Cash in</source>
        <translation>存入</translation>
    </message>
    <message>
        <source>Cash out</source>
        <translation>取出</translation>
    </message>
    <message>
        <source>Cash drawer</source>
        <translation>开钱箱</translation>
    </message>
    <message>
        <source>Cash drawer, no sale</source>
        <translation>无收费开钱箱</translation>
    </message>
    <message>
        <source>Phone changed</source>
        <translation>改电话</translation>
    </message>
    <message>
        <source>Phone verified</source>
        <translation>手机号已核实</translation>
    </message>
    <message>
        <source>User added</source>
        <translation>新增用户</translation>
    </message>
    <message>
        <source>User enabled</source>
        <translation>启用用户</translation>
    </message>
    <message>
        <source>User disabled</source>
        <translation>停用用户</translation>
    </message>
    <message>
        <source>PIN reset</source>
        <translation>重置 PIN</translation>
    </message>
    <message>
        <source>Role changed</source>
        <translation>改角色</translation>
    </message>
    <message>
        <source>Customer import</source>
        <translation>导入客户</translation>
    </message>
    <message>
        <source>Bill import</source>
        <translation>导入账单</translation>
    </message>
    <message>
        <source>Offline limit</source>
        <translation>离线限额</translation>
    </message>
    <message>
        <source>Offline limit cleared</source>
        <translation>离线限额解除</translation>
    </message>
    <message>
        <source>Refused by the ledger</source>
        <translation>总账拒收</translation>
    </message>
    <message>
        <source>Ledger review</source>
        <translation>总账复核</translation>
    </message>
    <message>
        <source>Corrected and resent</source>
        <translation>更正并重传</translation>
    </message>
    <message>
        <source>Store restored</source>
        <translation>恢复数据库</translation>
    </message>
    <message>
        <source>Queue sealed</source>
        <translation>队列封记</translation>
    </message>
    <message>
        <source>Dunning run</source>
        <translation>催费批次</translation>
    </message>
    <message>
        <source>Dunning line</source>
        <translation>催费明细</translation>
    </message>
    <message>
        <source>Dunning executed</source>
        <translation>催费执行</translation>
    </message>
    <message>
        <source>Dunning reversed</source>
        <translation>催费冲回</translation>
    </message>
    <message>
        <source>Notice delivered</source>
        <translation>通知单送达</translation>
    </message>
    <message>
        <source>Stop supply approved</source>
        <translation>停电批准</translation>
    </message>
    <message>
        <source>Stop supply cancelled</source>
        <translation>停电撤销</translation>
    </message>
    <message>
        <source>Reconnection closed</source>
        <translation>复电完成</translation>
    </message>
    <message>
        <source>SMS template</source>
        <translation>短信模板</translation>
    </message>
    <message>
        <source>SMS template approved</source>
        <translation>短信模板审批</translation>
    </message>
    <message>
        <source>Payments and voids</source>
        <translation>收费与作废</translation>
    </message>
    <message>
        <source>Approvals</source>
        <translation>审批</translation>
    </message>
    <message>
        <source>Sign-ins</source>
        <translation>登录</translation>
    </message>
    <message>
        <source>Users</source>
        <translation>用户</translation>
    </message>
    <message>
        <source>Cash drawer and cash in/out</source>
        <translation>钱箱与存取现金</translation>
    </message>
    <message>
        <source>Shifts</source>
        <translation>班次</translation>
    </message>
    <message>
        <source>Credit refunds</source>
        <translation>退预存</translation>
    </message>
    <message>
        <source>Late fee waivers</source>
        <translation>违约金减免</translation>
    </message>
    <message>
        <source>Reports</source>
        <translation>报表</translation>
    </message>
    <message>
        <source>Phone numbers</source>
        <translation>电话号码</translation>
    </message>
    <message>
        <source>Imports</source>
        <translation>导入</translation>
    </message>
    <message>
        <source>Ledger and offline</source>
        <translation>总账与离线</translation>
    </message>
    <message>
        <source>Upload queue</source>
        <translation>上传队列</translation>
    </message>
</context>
<context>
    <name>AuditView</name>
    <message>
        <source>Audit trail</source>
        <translation>审计日志</translation>
    </message>
    <message>
        <source>Dates</source>
        <translation>日期</translation>
    </message>
    <message>
        <source>User ID</source>
        <translation>工号</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>操作</translation>
    </message>
    <message>
        <source>Search</source>
        <translation>查询</translation>
    </message>
    <message>
        <source>Verify chain</source>
        <translation>校验哈希链</translation>
    </message>
    <message>
        <source>{count} entries</source>
        <translation>共 {count} 条</translation>
    </message>
    <message>
        <source>Checking every entry…</source>
        <translation>正在逐条校验…</translation>
    </message>
    <message>
        <source>The audit chain is intact.</source>
        <translation>审计日志哈希链完整，未被篡改。</translation>
    </message>
    <message>
        <source>The audit chain is broken at entry {seq}: it was changed, deleted or moved after it was written.</source>
        <translation>审计日志哈希链在第 {seq} 条断开：该条在写入后被修改、删除或移动过。</translation>
    </message>
</context>
<context>
    <name>BackupsPart</name>
    <message>
        <source>Backup failed: %1</source>
        <translation>备份失败：%1</translation>
    </message>
</context>
<context>
    <name>BillsPanel</name>
    <message>
        <source>Open bills</source>
        <translation>欠费账单</translation>
    </message>
    <message>
        <source>Total due</source>
        <translation>应缴合计</translation>
    </message>
    <message>
        <source>No open bills. A payment now is kept as prepaid credit.</source>
        <translation>无欠费账单。本次收款将转为预存电费。</translation>
    </message>
    <message>
        <source>* Late fees are provisional while the central ledger is offline.</source>
        <translation>* 中心账务离线，违约金为暂估金额，以中心核定为准。</translation>
    </message>
</context>
<context>
    <name>BillsTableModel</name>
    <message>
        <source>Period</source>
        <translation>账期</translation>
    </message>
    <message>
        <source>kWh</source>
        <translation>电量(千瓦时)</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>电费</translation>
    </message>
    <message>
        <source>Late fee</source>
        <translation>违约金</translation>
    </message>
    <message>
        <source>Due date</source>
        <translation>缴费截止日</translation>
    </message>
    <message>
        <source>Days overdue</source>
        <translation>逾期天数</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Part paid</source>
        <translation>部分缴费</translation>
    </message>
    <message>
        <source>Paid</source>
        <translation>已缴清</translation>
    </message>
    <message>
        <source>Unpaid</source>
        <translation>未缴</translation>
    </message>
    <message>
        <source>Bill {amount}, of which {owed} still owed</source>
        <translation>账单金额 {amount}，尚欠 {owed}</translation>
    </message>
    <message>
        <source>Provisional: the central ledger is offline and may re-assess it</source>
        <translation>暂估：中心账务离线，联网后可能重新核定</translation>
    </message>
</context>
<context>
    <name>CardReaderSetupDialog</name>
    <message>
        <source>Card reader setup</source>
        <translation>读卡器设置</translation>
    </message>
    <message>
        <source>COM3, /dev/ttyUSB0, socket://host:port, rfc2217://host:port</source>
        <translation>COM3、/dev/ttyUSB0、socket://主机:端口、rfc2217://主机:端口</translation>
    </message>
    <message>
        <source> s</source>
        <translation> 秒</translation>
    </message>
    <message>
        <source>Start test</source>
        <translation>开始测试</translation>
    </message>
    <message>
        <source>Not running</source>
        <translation>未运行</translation>
    </message>
    <message>
        <source>Serial ports found</source>
        <translation>找到的串口</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <source>Port URL</source>
        <translation>端口地址</translation>
    </message>
    <message>
        <source>Protocol</source>
        <translation>协议</translation>
    </message>
    <message>
        <source>Baud rate</source>
        <translation>波特率</translation>
    </message>
    <message>
        <source>Data bits</source>
        <translation>数据位</translation>
    </message>
    <message>
        <source>Parity</source>
        <translation>校验位</translation>
    </message>
    <message>
        <source>Stop bits</source>
        <translation>停止位</translation>
    </message>
    <message>
        <source>Ignore the same card for</source>
        <translation>同一张卡忽略时长</translation>
    </message>
    <message>
        <source>Account number digits</source>
        <translation>户号位数</translation>
    </message>
    <message>
        <source>Live test</source>
        <translation>实时测试</translation>
    </message>
    <message>
        <source>Last card:</source>
        <translation>最近读卡：</translation>
    </message>
    <message>
        <source>Bytes received (hex)</source>
        <translation>收到的字节（十六进制）</translation>
    </message>
    <message>
        <source>Frames</source>
        <translation>数据帧</translation>
    </message>
    <message>
        <source>Not saved: {0}</source>
        <translation>未保存：{0}</translation>
    </message>
    <message>
        <source>No serial ports found; type a port URL.</source>
        <translation>未找到串口，请输入端口地址。</translation>
    </message>
    <message>
        <source>Stop test</source>
        <translation>停止测试</translation>
    </message>
    <message>
        <source>No port set</source>
        <translation>未设置端口</translation>
    </message>
    <message>
        <source>Connecting…</source>
        <translation>正在连接…</translation>
    </message>
    <message>
        <source>Connected</source>
        <translation>已连接</translation>
    </message>
    <message>
        <source>Disconnected; retrying</source>
        <translation>已断开，正在重试</translation>
    </message>
    <message>
        <source>bad check byte (BCC)</source>
        <translation>校验字节（BCC）错误</translation>
    </message>
    <message>
        <source>not all digits</source>
        <translation>含非数字字符</translation>
    </message>
    <message>
        <source>wrong number of digits</source>
        <translation>位数不对</translation>
    </message>
    <message>
        <source>too long, no end mark</source>
        <translation>过长，无结束标记</translation>
    </message>
    <message>
        <source>cut off by the next frame</source>
        <translation>被下一帧截断</translation>
    </message>
    <message>
        <source>unfinished frame</source>
        <translation>帧不完整</translation>
    </message>
    <message>
        <source>bytes outside a frame</source>
        <translation>帧外字节</translation>
    </message>
</context>
<context>
    <name>CashMovementDialog</name>
    <message>
        <source>Cash out</source>
        <translation>取出现金</translation>
    </message>
    <message>
        <source>Cash in</source>
        <translation>存入现金</translation>
    </message>
    <message>
        <source>Amount (¥)</source>
        <translation>金额（元）</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>Supervisor id</source>
        <translation>值班长工号</translation>
    </message>
    <message>
        <source>Supervisor PIN</source>
        <translation>值班长密码</translation>
    </message>
    <message>
        <source>Take {amount} out of the drawer?
Reason: {reason}</source>
        <translation>确认从钱箱取出 {amount}？
原因：{reason}</translation>
    </message>
    <message>
        <source>{amount} taken out of the drawer (approved by {approver}). The slip is printing: sign it and keep it with the cash.</source>
        <translation>已从钱箱取出 {amount}（审批人 {approver}）。凭条正在打印：请签字后与现金一并保管。</translation>
    </message>
    <message>
        <source>{amount} put into the drawer. The slip is printing.</source>
        <translation>已向钱箱存入 {amount}。凭条正在打印。</translation>
    </message>
</context>
<context>
    <name>ChartsTab</name>
    <message>
        <source>Refresh (F5)</source>
        <translation>刷新 (F5)</translation>
    </message>
    <message>
        <source>Recovery from</source>
        <translation>回收率 从</translation>
    </message>
    <message>
        <source>to</source>
        <translation>至</translation>
    </message>
    <message>
        <source>Query the arrears list to see its aging.</source>
        <translation>先查询欠费清单，再看账龄分布。</translation>
    </message>
    <message>
        <source>No billing in these months.</source>
        <translation>这些月份没有应收电费。</translation>
    </message>
    <message>
        <source>Area</source>
        <translation>台区</translation>
    </message>
    <message>
        <source>Billed</source>
        <translation>应收</translation>
    </message>
    <message>
        <source>Collected</source>
        <translation>实收</translation>
    </message>
    <message>
        <source>Recovery rate</source>
        <translation>回收率</translation>
    </message>
    <message>
        <source>Account</source>
        <translation>户号</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>户名</translation>
    </message>
    <message>
        <source>Owes</source>
        <translation>欠费</translation>
    </message>
    <message>
        <source>Arrears by age as of {day} ({n} accounts)</source>
        <translation>截至 {day} 欠费账龄分布（{n} 户）</translation>
    </message>
    <message>
        <source>Fetching the recovery rate…</source>
        <translation>正在获取回收率…</translation>
    </message>
    <message>
        <source>Recovery rate by month</source>
        <translation>电费回收率月度趋势</translation>
    </message>
</context>
<context>
    <name>CollectionsWorkspace</name>
    <message>
        <source>Offline: showing data synced at {when}</source>
        <translation>离线，显示 {when} 同步的数据</translation>
    </message>
    <message>
        <source>¥{n} ten-thousand</source>
        <translation>¥{n}万</translation>
    </message>
    <message>
        <source>Collections</source>
        <translation>催费管理</translation>
    </message>
    <message>
        <source>Arrears list</source>
        <translation>欠费清单</translation>
    </message>
    <message>
        <source>Aging and recovery</source>
        <translation>账龄与回收率</translation>
    </message>
    <message>
        <source>Dunning runs</source>
        <translation>催费批次</translation>
    </message>
    <message>
        <source>Notices</source>
        <translation>通知单</translation>
    </message>
    <message>
        <source>SMS</source>
        <translation>短信</translation>
    </message>
    <message>
        <source>Stop supply</source>
        <translation>停电申请</translation>
    </message>
    <message>
        <source>Reconnections</source>
        <translation>复电任务</translation>
    </message>
    <message>
        <source>OK</source>
        <translation>确定</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Saved as {file}</source>
        <translation>已保存为 {file}</translation>
    </message>
    <message>
        <source>Residential</source>
        <translation>居民</translation>
    </message>
    <message>
        <source>Non-residential</source>
        <translation>非居民</translation>
    </message>
    <message>
        <source>Important users</source>
        <translation>重要用户</translation>
    </message>
    <message>
        <source>every class</source>
        <translation>全部类别</translation>
    </message>
    <message>
        <source> (unverified)</source>
        <translation>（未核实）</translation>
    </message>
    <message>
        <source> (vacant)</source>
        <translation>（空号）</translation>
    </message>
    <message>
        <source> (invalid)</source>
        <translation>（无效）</translation>
    </message>
    <message>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <source>locked until {day}</source>
        <translation>锁定至 {day}</translation>
    </message>
    <message>
        <source>promise {day}</source>
        <translation>承诺 {day} 缴费</translation>
    </message>
    <message>
        <source>proposal</source>
        <translation>建议</translation>
    </message>
    <message>
        <source>executed</source>
        <translation>已执行</translation>
    </message>
    <message>
        <source>reversed</source>
        <translation>已冲回</translation>
    </message>
    <message>
        <source>SMS reminder</source>
        <translation>短信提醒</translation>
    </message>
    <message>
        <source>Reminder notice</source>
        <translation>催费通知单</translation>
    </message>
    <message>
        <source>Stop-supply notice</source>
        <translation>停电通知书</translation>
    </message>
    <message>
        <source>stop-supply request</source>
        <translation>停电申请</translation>
    </message>
    <message>
        <source>pending</source>
        <translation>待送达</translation>
    </message>
    <message>
        <source>delivered</source>
        <translation>已送达</translation>
    </message>
    <message>
        <source>settled</source>
        <translation>已结清</translation>
    </message>
    <message>
        <source>superseded</source>
        <translation>已被替代</translation>
    </message>
    <message>
        <source>draft</source>
        <translation>草稿</translation>
    </message>
    <message>
        <source>approved</source>
        <translation>已批准</translation>
    </message>
    <message>
        <source>retired</source>
        <translation>已停用</translation>
    </message>
    <message>
        <source>queued</source>
        <translation>排队中</translation>
    </message>
    <message>
        <source>sent</source>
        <translation>已发送</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <source>unknown (being asked)</source>
        <translation>未知（查询中）</translation>
    </message>
    <message>
        <source>vacant number</source>
        <translation>空号</translation>
    </message>
    <message>
        <source>sending</source>
        <translation>发送中</translation>
    </message>
    <message>
        <source>opted out</source>
        <translation>已退订</translation>
    </message>
    <message>
        <source>no phone</source>
        <translation>无手机号</translation>
    </message>
    <message>
        <source>expired</source>
        <translation>已过期</translation>
    </message>
    <message>
        <source>refused by the provider</source>
        <translation>服务商拒发</translation>
    </message>
    <message>
        <source>requested</source>
        <translation>待批准</translation>
    </message>
    <message>
        <source>reconnected</source>
        <translation>已复电</translation>
    </message>
    <message>
        <source>stopped</source>
        <translation>已停电</translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation>已撤销</translation>
    </message>
    <message>
        <source>open</source>
        <translation>未完成</translation>
    </message>
    <message>
        <source>closed</source>
        <translation>已完成</translation>
    </message>
    <message>
        <source>overdue</source>
        <translation>已超时</translation>
    </message>
    <message>
        <source>Overdue more than 30 days</source>
        <translation>逾期超过 30 天</translation>
    </message>
    <message>
        <source>A reminder was delivered</source>
        <translation>已催交（催费通知已送达）</translation>
    </message>
    <message>
        <source>Written notice delivered within the notice window</source>
        <translation>书面停电通知书在规定期限内送达</translation>
    </message>
    <message>
        <source>Regulator notified (important user)</source>
        <translation>已报告监管部门（重要用户）</translation>
    </message>
    <message>
        <source>Approved by a second person</source>
        <translation>经第二人批准</translation>
    </message>
    <message>
        <source>Customer told again before the stop</source>
        <translation>停电前再次通知客户</translation>
    </message>
    <message>
        <source>overdue by {h} h</source>
        <translation>已超时 {h} 小时</translation>
    </message>
    <message>
        <source>{h} h {m} min</source>
        <translation>{h} 小时 {m} 分</translation>
    </message>
</context>
<context>
    <name>ConfirmPaymentDialog</name>
    <message>
        <source>Confirm payment</source>
        <translation>确认收款</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>客户</translation>
    </message>
    <message>
        <source>Total due</source>
        <translation>应缴合计</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>本次收款</translation>
    </message>
    <message>
        <source>{amount} (tendered {tendered})</source>
        <translation>{amount}（实收 {tendered}）</translation>
    </message>
    <message>
        <source>Cash</source>
        <translation>现金</translation>
    </message>
    <message>
        <source>{amount}  card {card}  RRN {ref}  auth {auth}</source>
        <translation>{amount}  卡号 {card}  参考号 {ref}  授权码 {auth}</translation>
    </message>
    <message>
        <source>Bank card</source>
        <translation>银行卡</translation>
    </message>
    <message>
        <source>Change</source>
        <translation>找零</translation>
    </message>
    <message>
        <source>Part payment: {left} stays owed.</source>
        <translation>部分缴费：仍欠 {left}。</translation>
    </message>
    <message>
        <source>{credit} becomes prepaid credit.</source>
        <translation>{credit} 转为预存电费。</translation>
    </message>
    <message>
        <source>Confirm (Enter)</source>
        <translation>确认 (Enter)</translation>
    </message>
    <message>
        <source>Back (Esc)</source>
        <translation>返回 (Esc)</translation>
    </message>
    <message>
        <source>Allocation (oldest bill first, late fee first)</source>
        <translation>销账明细（先销最早账单，每笔先销违约金）</translation>
    </message>
</context>
<context>
    <name>CounterPage</name>
    <message>
        <source>F2 search · Enter open/confirm · F5 cash · F6 card · F7 cash + card · F8 phone · F9 reprint · F12 lock · Esc clear</source>
        <translation>F2 查询 · Enter 打开/确认 · F5 现金 · F6 银行卡 · F7 现金+银行卡 · F8 登记手机 · F9 重打 · F12 锁屏 · Esc 清除</translation>
    </message>
    <message>
        <source>Searching “{query}”…</source>
        <translation>正在查询“{query}”…</translation>
    </message>
    <message>
        <source>Opening {account}…</source>
        <translation>正在打开户号 {account}…</translation>
    </message>
    <message>
        <source>No customer matches “{query}”.</source>
        <translation>没有与“{query}”匹配的客户。</translation>
    </message>
    <message>
        <source>First {n} matches — type more to narrow the search.</source>
        <translation>仅显示前 {n} 条结果，请输入更多内容缩小范围。</translation>
    </message>
    <message>
        <source>{n} customers match. ↑↓ choose, Enter open, Esc back.</source>
        <translation>找到 {n} 户。↑↓ 选择，Enter 打开，Esc 返回。</translation>
    </message>
    <message>
        <source>Ask for a mobile number (F8), then take the payment.</source>
        <translation>请向客户询问手机号并登记（F8），然后收费。</translation>
    </message>
    <message>
        <source>Look-up only: {reason}</source>
        <translation>仅可查询：{reason}</translation>
    </message>
    <message>
        <source>your role does not take payments.</source>
        <translation>您的角色不能收费。</translation>
    </message>
    <message>
        <source>no shift is open on this counter.</source>
        <translation>本柜台没有开班。</translation>
    </message>
    <message>
        <source>Phone number verified.</source>
        <translation>手机号已核实。</translation>
    </message>
    <message>
        <source>Phone number saved.</source>
        <translation>手机号已保存。</translation>
    </message>
    <message>
        <source>Saving the payment…</source>
        <translation>正在保存收款…</translation>
    </message>
    <message>
        <source>A supervisor may approve this card payment; otherwise take cash.</source>
        <translation>可由值班长审批本笔刷卡收款；否则请收现金。</translation>
    </message>
    <message>
        <source>card payment while the ledger is offline</source>
        <translation>中心账务离线期间刷卡收款</translation>
    </message>
    <message>
        <source>The payment was NOT saved.</source>
        <translation>本笔收款未保存。</translation>
    </message>
</context>
<context>
    <name>CounterPart</name>
    <message>
        <source>Card read</source>
        <translation>读到卡片</translation>
    </message>
    <message>
        <source>A card for account {new} was read while the payment for {current} is open.
Switch to {new}? What was typed for {current} is dropped.</source>
        <translation>正在为户号 {current} 收费时读到户号 {new} 的卡。
切换到 {new} 吗？为 {current} 输入的内容将被放弃。</translation>
    </message>
</context>
<context>
    <name>CounterStatusBar</name>
    <message>
        <source>Printer: {state}</source>
        <translation>打印机：{state}</translation>
    </message>
    <message numerus="yes">
        <source>%n waiting to print</source>
        <translation>
            <numerusform>%n 张待打印</numerusform>
        </translation>
    </message>
    <message>
        <source>Reader: {state}</source>
        <translation>读卡器：{state}</translation>
    </message>
    <message>
        <source>Shift #{id}</source>
        <translation>班次 #{id}</translation>
    </message>
    <message>
        <source>No shift open</source>
        <translation>未开班</translation>
    </message>
    <message>
        <source>{role}: {id} {name}</source>
        <translation>{role}：{id} {name}</translation>
    </message>
    <message>
        <source>Not signed in</source>
        <translation>未登录</translation>
    </message>
    <message>
        <source>Ledger: checking…</source>
        <translation>中心账务：检查中…</translation>
    </message>
    <message>
        <source>never</source>
        <translation>无</translation>
    </message>
    <message>
        <source>online</source>
        <translation>在线</translation>
    </message>
    <message>
        <source>offline</source>
        <translation>离线</translation>
    </message>
    <message>
        <source>offline (not set up)</source>
        <translation>离线（未配置）</translation>
    </message>
    <message>
        <source>● Ledger {state} · queued {queued} · last sync {when}</source>
        <translation>● 中心账务{state} · 待上传 {queued} 笔 · 上次同步 {when}</translation>
    </message>
</context>
<context>
    <name>CustomerPanel</name>
    <message>
        <source>Customer</source>
        <translation>客户</translation>
    </message>
    <message>
        <source>Account</source>
        <translation>户号</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>户名</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>地址</translation>
    </message>
    <message>
        <source>User type</source>
        <translation>用电类别</translation>
    </message>
    <message>
        <source>Area</source>
        <translation>台区</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>手机</translation>
    </message>
    <message>
        <source>Prepaid credit</source>
        <translation>预存余额</translation>
    </message>
    <message>
        <source>Dunning</source>
        <translation>催费状态</translation>
    </message>
    <message>
        <source>Record phone (F8)</source>
        <translation>登记手机 (F8)</translation>
    </message>
    <message>
        <source>Print notice (Ctrl+Shift+N)</source>
        <translation>打印通知单 (Ctrl+Shift+N)</translation>
    </message>
    <message>
        <source>Residential</source>
        <translation>居民</translation>
    </message>
    <message>
        <source>Non-residential</source>
        <translation>非居民</translation>
    </message>
    <message>
        <source>Verify phone (F8)</source>
        <translation>核实手机号 (F8)</translation>
    </message>
    <message>
        <source>No phone number on file. Ask the customer for a mobile number.</source>
        <translation>未登记手机号，请向客户询问手机号码。</translation>
    </message>
    <message>
        <source>“{phone}” is not a valid mobile number. Ask the customer for the current one.</source>
        <translation>“{phone}”不是有效的手机号，请向客户询问现用号码。</translation>
    </message>
    <message>
        <source>SMS reminders to this account&apos;s mobile number came back as a vacant number. Please check it with the customer.</source>
        <translation>发往该户手机号的短信回执为空号，请向客户核实</translation>
    </message>
    <message>
        <source>The ledger does not take this account&apos;s number for a mobile number. Please check it with the customer.</source>
        <translation>该户手机号不是有效的手机号码，请向客户核实</translation>
    </message>
    <message>
        <source>This account&apos;s mobile number has never been verified. Please check it with the customer.</source>
        <translation>该户手机号从未核实，请向客户核实</translation>
    </message>
    <message>
        <source>This account&apos;s mobile number has not been verified for over 12 months. Please check it with the customer.</source>
        <translation>该户手机号超过12个月未核实，请向客户核实</translation>
    </message>
    <message>
        <source>asking the ledger…</source>
        <translation>正在查询中央账本…</translation>
    </message>
    <message>
        <source>not known (ledger not reachable)</source>
        <translation>未知（无法连接中央账本）</translation>
    </message>
    <message>
        <source>SUPPLY STOPPED</source>
        <translation>已停电</translation>
    </message>
    <message>
        <source>stop supply pending ({planned})</source>
        <translation>停电申请待批（计划 {planned}）</translation>
    </message>
    <message>
        <source>reconnection by {deadline}</source>
        <translation>复电时限 {deadline}</translation>
    </message>
    <message>
        <source>REPEAT DEFAULTER</source>
        <translation>屡欠户</translation>
    </message>
    <message>
        <source>level {level}</source>
        <translation>催费 {level} 级</translation>
    </message>
    <message>
        <source>reminder notice</source>
        <translation>催费通知单</translation>
    </message>
    <message>
        <source>stop-supply notice</source>
        <translation>停电通知书</translation>
    </message>
    <message>
        <source>notice</source>
        <translation>通知单</translation>
    </message>
    <message>
        <source>{kind} {number} delivered</source>
        <translation>{kind} {number} 已送达</translation>
    </message>
    <message>
        <source>{kind} {number} sent</source>
        <translation>已发{kind} {number}</translation>
    </message>
    <message>
        <source>dunning locked</source>
        <translation>催费已锁定</translation>
    </message>
    <message>
        <source>promise to pay</source>
        <translation>有缴费承诺</translation>
    </message>
    <message>
        <source>no dunning</source>
        <translation>无催费</translation>
    </message>
    <message>
        <source> (offline: as synced at {when})</source>
        <translation>（离线，显示 {when} 同步的数据）</translation>
    </message>
</context>
<context>
    <name>CustomerResultsModel</name>
    <message>
        <source>Account</source>
        <translation>户号</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>户名</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>地址</translation>
    </message>
    <message>
        <source>Owed</source>
        <translation>欠费金额</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>手机</translation>
    </message>
    <message>
        <source>User type</source>
        <translation>用电类别</translation>
    </message>
    <message>
        <source>Credit</source>
        <translation>预存余额</translation>
    </message>
    <message>
        <source>Residential</source>
        <translation>居民</translation>
    </message>
    <message>
        <source>Non-residential</source>
        <translation>非居民</translation>
    </message>
</context>
<context>
    <name>DeliveryDialog</name>
    <message>
        <source>Delivery of notice {number}</source>
        <translation>通知单 {number} 送达登记</translation>
    </message>
    <message>
        <source>Handed over</source>
        <translation>当面送达</translation>
    </message>
    <message>
        <source>By post</source>
        <translation>邮寄</translation>
    </message>
    <message>
        <source>Left at the door</source>
        <translation>留置送达</translation>
    </message>
    <message>
        <source>Refused by the customer</source>
        <translation>客户拒收</translation>
    </message>
    <message>
        <source>How</source>
        <translation>送达方式</translation>
    </message>
    <message>
        <source>Signed by</source>
        <translation>签收人</translation>
    </message>
    <message>
        <source>When</source>
        <translation>送达时间</translation>
    </message>
</context>
<context>
    <name>DeviceSetupDialog</name>
    <message>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Kept: saved with the other settings when the setup finishes.</source>
        <translation>已记下：设置完成时与其他设置一起保存。</translation>
    </message>
    <message>
        <source>Saved to {0}.</source>
        <translation>已保存到 {0}。</translation>
    </message>
</context>
<context>
    <name>DeviceState</name>
    <message>
        <source>Screen preview</source>
        <translation>屏幕预览</translation>
    </message>
    <message>
        <source>Ready</source>
        <translation>就绪</translation>
    </message>
    <message>
        <source>Online</source>
        <translation>在线</translation>
    </message>
    <message>
        <source>Paper near end</source>
        <translation>纸将尽</translation>
    </message>
    <message>
        <source>Status unknown</source>
        <translation>状态未知</translation>
    </message>
    <message>
        <source>Printing</source>
        <translation>正在打印</translation>
    </message>
    <message>
        <source>Out of paper</source>
        <translation>缺纸</translation>
    </message>
    <message>
        <source>Cover open</source>
        <translation>纸仓盖未关</translation>
    </message>
    <message>
        <source>Connecting</source>
        <translation>正在连接</translation>
    </message>
    <message>
        <source>Connected</source>
        <translation>已连接</translation>
    </message>
    <message>
        <source>Reading</source>
        <translation>正在读卡</translation>
    </message>
    <message>
        <source>Disconnected</source>
        <translation>已断开</translation>
    </message>
    <message>
        <source>Not set up</source>
        <translation>未配置</translation>
    </message>
    <message>
        <source>Offline</source>
        <translation>离线</translation>
    </message>
    <message>
        <source>Error</source>
        <translation>故障</translation>
    </message>
</context>
<context>
    <name>DeviceTableModel</name>
    <message>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Device</source>
        <translation>设备</translation>
    </message>
    <message>
        <source>Description</source>
        <translation>描述</translation>
    </message>
    <message>
        <source>URI</source>
        <translation>地址(URI)</translation>
    </message>
</context>
<context>
    <name>DevicesPage</name>
    <message>
        <source>Devices</source>
        <translation>设备</translation>
    </message>
    <message>
        <source>Optional: both can be set and tested later from the Devices menu.</source>
        <translation>可选：两者都可以稍后在“设备”菜单中设置和测试。</translation>
    </message>
    <message>
        <source>e.g. tcp://192.168.1.50:9100 or usb://0x0416:0x5011</source>
        <translation>例如 tcp://192.168.1.50:9100 或 usb://0x0416:0x5011</translation>
    </message>
    <message>
        <source>e.g. COM3 or /dev/ttyUSB0</source>
        <translation>例如 COM3 或 /dev/ttyUSB0</translation>
    </message>
    <message>
        <source>Find and test printers…</source>
        <translation>查找并测试打印机…</translation>
    </message>
    <message>
        <source>Set up and test the card reader…</source>
        <translation>设置并测试读卡器…</translation>
    </message>
    <message>
        <source>Receipt printer</source>
        <translation>收据打印机</translation>
    </message>
    <message>
        <source>Card reader port</source>
        <translation>读卡器端口</translation>
    </message>
</context>
<context>
    <name>DunningPart</name>
    <message>
        <source>Notice {number} sent to the receipt printer.</source>
        <translation>通知单 {number} 已送小票打印机。</translation>
    </message>
    <message>
        <source>Fetching notice {number}…</source>
        <translation>正在获取通知单 {number}…</translation>
    </message>
    <message>
        <source>This payment cancelled the stop-supply request of account {account}.</source>
        <translation>本次缴费已撤销户号 {account} 的停电申请。</translation>
    </message>
    <message>
        <source>A reconnection task was opened for account {account}: supply back by {deadline}.</source>
        <translation>已生成户号 {account} 的复电任务，时限 {deadline}。</translation>
    </message>
    <message>
        <source>The promise to pay of account {account} is kept.</source>
        <translation>户号 {account} 的缴费承诺已履行。</translation>
    </message>
    <message>
        <source>Account {account} is out of dunning.</source>
        <translation>户号 {account} 已退出催费。</translation>
    </message>
</context>
<context>
    <name>ErrorText</name>
    <message>
        <source>Enter an amount.</source>
        <translation>请输入金额。</translation>
    </message>
    <message>
        <source>The amount may not be negative.</source>
        <translation>金额不能为负数。</translation>
    </message>
    <message>
        <source>“{text}” is not an amount. Type yuan, for example 120.50.</source>
        <translation>“{text}”不是有效金额，请以元为单位输入，例如 120.50。</translation>
    </message>
    <message>
        <source>“{text}” is not a number.</source>
        <translation>“{text}”不是数字。</translation>
    </message>
    <message>
        <source>Write the amount in full, without an exponent (not “{text}”).</source>
        <translation>请完整输入金额，不能使用科学计数法（“{text}”）。</translation>
    </message>
    <message>
        <source>At most two decimals: the smallest unit is one fen (not “{text}”).</source>
        <translation>最多两位小数，最小单位为分（“{text}”）。</translation>
    </message>
    <message>
        <source>The amount must be more than zero.</source>
        <translation>金额必须大于零。</translation>
    </message>
    <message>
        <source>The amount is over the limit of {limit_fen} for one payment.</source>
        <translation>金额超过单笔收款上限 {limit_fen}。</translation>
    </message>
    <message>
        <source>Thousands separators go in groups of three digits, like 1,234.50 (not “{text}”).</source>
        <translation>千位分隔符应每三位一组，例如 1,234.50（“{text}”）。</translation>
    </message>
    <message>
        <source>The amount is not valid.</source>
        <translation>金额无效。</translation>
    </message>
    <message>
        <source>Enter an account number.</source>
        <translation>请输入户号。</translation>
    </message>
    <message>
        <source>An account number has digits only.</source>
        <translation>户号只能由数字组成。</translation>
    </message>
    <message>
        <source>An account number has {length} digits.</source>
        <translation>户号应为 {length} 位数字。</translation>
    </message>
    <message>
        <source>No customer with account number {account_no}.</source>
        <translation>没有户号为 {account_no} 的客户。</translation>
    </message>
    <message>
        <source>A mainland mobile number has 11 digits and starts with 13 to 19.</source>
        <translation>大陆手机号为 11 位，以 13 至 19 开头。</translation>
    </message>
    <message>
        <source>The account number is not valid.</source>
        <translation>户号无效。</translation>
    </message>
    <message>
        <source>This is not a setup code of this program (or it is incomplete): print it again with counter-ledger terminal add --qr.</source>
        <translation>这不是本程序的配置码（或配置码不完整）：请用 counter-ledger terminal add --qr 重新打印。</translation>
    </message>
    <message>
        <source>A billing period is written YYYY-MM.</source>
        <translation>账期格式应为 YYYY-MM。</translation>
    </message>
    <message>
        <source>A bill was listed twice. Look the customer up again.</source>
        <translation>账单重复，请重新查询该客户。</translation>
    </message>
    <message>
        <source>The payment must be more than zero.</source>
        <translation>收款金额必须大于零。</translation>
    </message>
    <message>
        <source>The bills changed meanwhile. Look the customer up again.</source>
        <translation>账单已发生变化，请重新查询该客户。</translation>
    </message>
    <message>
        <source>The payment is over the limit of {limit_fen}.</source>
        <translation>收款金额超过上限 {limit_fen}。</translation>
    </message>
    <message>
        <source>The payment could not be taken.</source>
        <translation>无法完成收款。</translation>
    </message>
    <message>
        <source>The cash part must be more than zero.</source>
        <translation>现金部分必须大于零。</translation>
    </message>
    <message>
        <source>Cash tendered {tendered_fen} is less than {amount_fen}.</source>
        <translation>实收现金 {tendered_fen} 少于应收 {amount_fen}。</translation>
    </message>
    <message>
        <source>The card part must be more than zero.</source>
        <translation>银行卡部分必须大于零。</translation>
    </message>
    <message>
        <source>The reference number (RRN) has 6 to 20 letters or digits.</source>
        <translation>参考号（RRN）应为 6 至 20 位字母或数字。</translation>
    </message>
    <message>
        <source>The authorisation code has 6 letters or digits.</source>
        <translation>授权码应为 6 位字母或数字。</translation>
    </message>
    <message>
        <source>Enter the masked card number from the bank slip.</source>
        <translation>请输入银行签购单上的掩码卡号。</translation>
    </message>
    <message>
        <source>A reference number (RRN) may not hold 13 or more digits in a row: that could be a card number. Enter the reference number from the bank slip (12 digits on UnionPay).</source>
        <translation>参考号（RRN）不能含有连续 13 位及以上的数字：那可能是卡号。请填写银行签购单上的参考号（银联为 12 位）。</translation>
    </message>
    <message>
        <source>That looks like a full card number. Enter only the masked number from the bank slip, for example 622848******1234.</source>
        <translation>这像是完整卡号。请只输入签购单上的掩码卡号，例如 622848******1234。</translation>
    </message>
    <message>
        <source>The masked card number looks like 622848******1234.</source>
        <translation>掩码卡号格式应如 622848******1234。</translation>
    </message>
    <message>
        <source>The masked card number has 13 to 19 characters.</source>
        <translation>掩码卡号应为 13 至 19 位。</translation>
    </message>
    <message>
        <source>Choose how the customer pays.</source>
        <translation>请选择付款方式。</translation>
    </message>
    <message>
        <source>Only one cash part per payment.</source>
        <translation>每笔收款只能有一项现金。</translation>
    </message>
    <message>
        <source>The parts add up to {total_fen}, but the payment is {amount_fen}.</source>
        <translation>各项合计 {total_fen}，与收款金额 {amount_fen} 不符。</translation>
    </message>
    <message>
        <source>Amounts are counted in whole fen.</source>
        <translation>金额须以整分计。</translation>
    </message>
    <message>
        <source>The change rounding does not follow the hall&apos;s rule.</source>
        <translation>找零舍入与本厅规则不符。</translation>
    </message>
    <message>
        <source>The tender is not valid.</source>
        <translation>付款信息无效。</translation>
    </message>
    <message>
        <source>Unknown note or coin.</source>
        <translation>未知的面额。</translation>
    </message>
    <message>
        <source>Counts are whole numbers, zero or more.</source>
        <translation>张数须为零或正整数。</translation>
    </message>
    <message>
        <source>The counter was locked: this action was not carried out.</source>
        <translation>柜台已锁定：此操作未执行。</translation>
    </message>
    <message>
        <source>No shift is open on this counter. Open a shift with its float first.</source>
        <translation>本柜台没有开班，请先清点备用金并开班。</translation>
    </message>
    <message>
        <source>A refund must be more than zero.</source>
        <translation>退款金额必须大于零。</translation>
    </message>
    <message>
        <source>That shift belongs to another counter.</source>
        <translation>该班次属于其他柜台。</translation>
    </message>
    <message>
        <source>A shift is already open on this counter (opened by {opened_by}).</source>
        <translation>本柜台已有开启的班次（开班人 {opened_by}）。</translation>
    </message>
    <message>
        <source>There is no shift {shift_id}.</source>
        <translation>没有 {shift_id} 号班次。</translation>
    </message>
    <message>
        <source>The amount must be whole fen above zero.</source>
        <translation>金额必须是大于零的整分数。</translation>
    </message>
    <message>
        <source>A drawer movement must be more than zero.</source>
        <translation>钱箱存取金额必须大于零。</translation>
    </message>
    <message>
        <source>Give a reason.</source>
        <translation>请填写原因。</translation>
    </message>
    <message>
        <source>The reason is too long (at most 200 characters).</source>
        <translation>原因过长（最多 200 个字符）。</translation>
    </message>
    <message>
        <source>The shift is being closed: no more drawer movements.</source>
        <translation>班次正在交班，不能再存取现金。</translation>
    </message>
    <message>
        <source>Begin closing the shift before counting.</source>
        <translation>请先开始交班，再清点现金。</translation>
    </message>
    <message>
        <source>The count was already entered.</source>
        <translation>清点结果已录入。</translation>
    </message>
    <message>
        <source>The blind count is in progress: no report until it is entered.</source>
        <translation>盲点正在进行，录入清点结果前不能出报表。</translation>
    </message>
    <message>
        <source>Payments or drawer movements changed after the count; count again.</source>
        <translation>清点后收款或钱箱存取有变动，请重新清点。</translation>
    </message>
    <message>
        <source>The blind count has not been entered.</source>
        <translation>尚未录入盲点结果。</translation>
    </message>
    <message>
        <source>A supervisor must sign the count off first.</source>
        <translation>须先由值班长审核签字。</translation>
    </message>
    <message>
        <source>Shift {shift_id} is not closed; print an X report instead.</source>
        <translation>{shift_id} 号班次尚未交班，请打印 X 报表。</translation>
    </message>
    <message>
        <source>{count} payments of this shift are still queued for the central ledger.</source>
        <translation>本班次还有 {count} 笔收款等待上传中心账务。</translation>
    </message>
    <message>
        <source>A payment of this shift does not add up (cash tendered minus change). Call the technician.</source>
        <translation>本班次有一笔收款金额不符（实收减找零），请联系运维人员。</translation>
    </message>
    <message>
        <source>The bank terminal&apos;s settlement total must be whole fen, zero or more.</source>
        <translation>银行终端结算金额必须是零或正的整分数。</translation>
    </message>
    <message>
        <source>The float to keep must be zero or more.</source>
        <translation>留存备用金必须为零或正数。</translation>
    </message>
    <message>
        <source>The shift could not be changed.</source>
        <translation>无法变更班次。</translation>
    </message>
    <message>
        <source>A PIN has 4 to 8 digits.</source>
        <translation>密码为 4 至 8 位数字。</translation>
    </message>
    <message>
        <source>Unknown user ID.</source>
        <translation>工号不存在。</translation>
    </message>
    <message>
        <source>Wrong PIN. {attempts_left} attempts left before the account is locked.</source>
        <translation>密码错误。再错 {attempts_left} 次将锁定该工号。</translation>
    </message>
    <message>
        <source>Too many wrong PINs. This user is locked until {until}.</source>
        <translation>密码错误次数过多，该工号已锁定至 {until}。</translation>
    </message>
    <message>
        <source>This user is disabled. Ask the administrator.</source>
        <translation>该工号已停用，请联系系统管理员。</translation>
    </message>
    <message>
        <source>Sign-in failed.</source>
        <translation>登录失败。</translation>
    </message>
    <message>
        <source>Your role may not do this. Ask a supervisor.</source>
        <translation>您的角色无权执行此操作，请联系值班长。</translation>
    </message>
    <message>
        <source>This receipt was already reprinted {reprints} times; a supervisor must approve another reprint.</source>
        <translation>该收据已重打 {reprints} 次，再次重打需值班长批准。</translation>
    </message>
    <message>
        <source>Opening the cash drawer without a sale needs a supervisor&apos;s approval.</source>
        <translation>无交易打开钱箱需值班长批准。</translation>
    </message>
    <message>
        <source>Give a reason for opening the drawer without a sale.</source>
        <translation>请填写无交易打开钱箱的原因。</translation>
    </message>
    <message>
        <source>The approver must be another person, not the one asking.</source>
        <translation>审批人必须是另一人，不能是申请人本人。</translation>
    </message>
    <message>
        <source>That user may not approve this. Ask a supervisor.</source>
        <translation>该用户无权审批，请联系值班长。</translation>
    </message>
    <message>
        <source>A supervisor must approve this first.</source>
        <translation>此操作须先经值班长批准。</translation>
    </message>
    <message>
        <source>The approval is for another action, person or item.</source>
        <translation>该审批针对的是其他操作、人员或项目。</translation>
    </message>
    <message>
        <source>That approval was already used; approve again.</source>
        <translation>该审批已使用过，请重新审批。</translation>
    </message>
    <message>
        <source>The approval was refused.</source>
        <translation>审批未通过。</translation>
    </message>
    <message>
        <source>There is no such payment.</source>
        <translation>没有这笔收款。</translation>
    </message>
    <message>
        <source>This receipt is already void.</source>
        <translation>该收据已作废。</translation>
    </message>
    <message>
        <source>This receipt belongs to a closed shift or another counter; only its prepaid credit can be refunded now.</source>
        <translation>该收据属于已交班的班次或其他柜台，现在只能退还其预存金额。</translation>
    </message>
    <message>
        <source>The prepaid credit of this payment was already used.</source>
        <translation>这笔收款的预存金额已被使用。</translation>
    </message>
    <message>
        <source>A later payment went to the same bills; void that one first.</source>
        <translation>之后有另一笔收款销了相同的账单，请先作废那一笔。</translation>
    </message>
    <message>
        <source>This payment was taken before voids were possible here.</source>
        <translation>这笔收款早于本柜台支持作废功能，无法作废。</translation>
    </message>
    <message>
        <source>Give a reason (1 to 200 characters).</source>
        <translation>请填写原因（1 至 200 个字符）。</translation>
    </message>
    <message>
        <source>The payment could not be voided.</source>
        <translation>无法作废这笔收款。</translation>
    </message>
    <message>
        <source>The refund must be more than zero.</source>
        <translation>退款金额必须大于零。</translation>
    </message>
    <message>
        <source>At most {refundable_fen} of prepaid credit can be refunded.</source>
        <translation>最多可退预存 {refundable_fen}。</translation>
    </message>
    <message>
        <source>This receipt is void.</source>
        <translation>该收据已作废。</translation>
    </message>
    <message>
        <source>The payment&apos;s shift is still open: void the payment instead.</source>
        <translation>这笔收款的班次尚未交班，请改为作废收款。</translation>
    </message>
    <message>
        <source>The credit could not be refunded.</source>
        <translation>无法退还预存金额。</translation>
    </message>
    <message>
        <source>That bill is not open on this account.</source>
        <translation>该户没有这张欠费账单。</translation>
    </message>
    <message>
        <source>This bill&apos;s late fee is already waived.</source>
        <translation>该账单的违约金已减免。</translation>
    </message>
    <message>
        <source>The late fee could not be waived.</source>
        <translation>无法减免违约金。</translation>
    </message>
    <message>
        <source>User {user_id} already exists.</source>
        <translation>工号 {user_id} 已存在。</translation>
    </message>
    <message>
        <source>A user ID has 1 to 32 letters, digits, “.”, “_” or “-”.</source>
        <translation>工号为 1 至 32 位字母、数字、“.”、“_”或“-”。</translation>
    </message>
    <message>
        <source>A user name has 1 to 64 characters.</source>
        <translation>姓名为 1 至 64 个字符。</translation>
    </message>
    <message>
        <source>Unknown role.</source>
        <translation>未知角色。</translation>
    </message>
    <message>
        <source>You cannot disable your own user.</source>
        <translation>不能停用自己的工号。</translation>
    </message>
    <message>
        <source>You cannot change your own role.</source>
        <translation>不能修改自己的角色。</translation>
    </message>
    <message>
        <source>The user could not be changed.</source>
        <translation>无法修改该用户。</translation>
    </message>
    <message>
        <source>The local store file is missing. Call the technician.</source>
        <translation>本地数据库文件缺失，请联系运维人员。</translation>
    </message>
    <message>
        <source>The local store path is a folder, not a file. Call the technician.</source>
        <translation>本地数据库路径是文件夹而不是文件，请联系运维人员。</translation>
    </message>
    <message>
        <source>The local store cannot be written (disk full or no permission). Nothing was saved; call the technician.</source>
        <translation>本地数据库无法写入（磁盘已满或无权限），未保存任何内容，请联系运维人员。</translation>
    </message>
    <message>
        <source>The local store is damaged. Stop taking payments and call the technician.</source>
        <translation>本地数据库已损坏，请停止收费并联系运维人员。</translation>
    </message>
    <message>
        <source>The local store is not set up for safe writing. Call the technician.</source>
        <translation>本地数据库未按安全写入方式配置，请联系运维人员。</translation>
    </message>
    <message>
        <source>A record changed meanwhile. Nothing was saved; look the customer up again.</source>
        <translation>记录已被修改，未保存任何内容，请重新查询该客户。</translation>
    </message>
    <message>
        <source>Internal error: a change was attempted while reading. Nothing was saved.</source>
        <translation>内部错误：在只读事务中尝试修改，未保存任何内容。</translation>
    </message>
    <message>
        <source>The local store is busy (another program is writing). Nothing was saved; try again.</source>
        <translation>本地数据库忙（其他程序正在写入），未保存任何内容，请重试。</translation>
    </message>
    <message>
        <source>The local store refused the change as a conflict. Nothing was saved; look the customer up again.</source>
        <translation>本地数据库因数据冲突拒绝了修改，未保存任何内容，请重新查询该客户。</translation>
    </message>
    <message>
        <source>The local store failed. Nothing was saved; try again, or call the technician.</source>
        <translation>本地数据库出错，未保存任何内容。请重试或联系运维人员。</translation>
    </message>
    <message>
        <source>The local store could not be used. Nothing was saved; call the technician.</source>
        <translation>本地数据库无法使用，未保存任何内容，请联系运维人员。</translation>
    </message>
    <message>
        <source>The file was not imported: {count} problems found. Nothing was changed.</source>
        <translation>文件未导入：发现 {count} 处问题，未做任何修改。</translation>
    </message>
    <message>
        <source>This counter&apos;s clock differs too much from the central ledger&apos;s. Set the clock, or call the technician.</source>
        <translation>本柜台时钟与中心账务相差过大，请校准时钟或联系运维人员。</translation>
    </message>
    <message>
        <source>The item on the review list could not be corrected.</source>
        <translation>待复核清单中的这一项无法更正。</translation>
    </message>
    <message>
        <source>Give a reason for the correction (1 to 200 characters).</source>
        <translation>请填写更正原因（1 至 200 个字）。</translation>
    </message>
    <message>
        <source>This payment is not on the review list (any more).</source>
        <translation>这笔收费不在（或已不在）待复核清单中。</translation>
    </message>
    <message>
        <source>This payment has several card parts: choose the one to correct.</source>
        <translation>这笔收费有多笔刷卡部分：请选择要更正的一笔。</translation>
    </message>
    <message>
        <source>That part of the payment is not a card part.</source>
        <translation>这部分不是刷卡支付。</translation>
    </message>
    <message>
        <source>The new reference is the same as the old one.</source>
        <translation>新参考号与原参考号相同。</translation>
    </message>
    <message>
        <source>The backup could not be used.</source>
        <translation>无法使用该备份。</translation>
    </message>
    <message>
        <source>The backup {file} is damaged and was not restored. Choose an older backup.</source>
        <translation>备份 {file} 已损坏，未恢复。请选择更早的备份。</translation>
    </message>
    <message>
        <source>Restoring this backup would lose {count} item(s) not yet at the central ledger. A supervisor must confirm.</source>
        <translation>恢复该备份将丢失 {count} 笔尚未上传中心账务的记录，须由值班长确认。</translation>
    </message>
    <message>
        <source>The central ledger refused this collections request: {detail}</source>
        <translation>中央账本拒绝了该催费操作：{detail}</translation>
    </message>
    <message>
        <source>The central ledger does not accept this counter&apos;s token. Call the technician.</source>
        <translation>中央账本不接受本柜台的令牌，请联系运维人员。</translation>
    </message>
    <message>
        <source>No central ledger is connected: collections work needs the ledger.</source>
        <translation>未连接中央账本：催费业务需要中央账本。</translation>
    </message>
    <message>
        <source>The central ledger cannot be reached, and nothing of this was synced before.</source>
        <translation>无法连接中央账本，且此前没有同步过这些数据。</translation>
    </message>
    <message>
        <source>The central ledger did not answer: this may or may not have been done. Refresh and look before trying again.</source>
        <translation>中央账本没有应答：此操作可能已完成，也可能没有。请先刷新查看，再决定是否重试。</translation>
    </message>
    <message>
        <source>A stop-supply request is approved by another person than the one who raised it.</source>
        <translation>停电申请须由申请人以外的另一人批准。</translation>
    </message>
    <message>
        <source>The request is no longer in a state that allows this. Refresh the list.</source>
        <translation>该申请的状态已不允许此操作，请刷新列表。</translation>
    </message>
    <message>
        <source>This run was already executed or reversed: it can no longer be changed.</source>
        <translation>该批次已执行或已冲回，不能再修改。</translation>
    </message>
    <message>
        <source>This run was already reversed.</source>
        <translation>该批次已冲回。</translation>
    </message>
    <message>
        <source>The delivery time is before the notice was issued.</source>
        <translation>送达时间早于通知单开具日期。</translation>
    </message>
    <message>
        <source>The delivery time may not be in the future.</source>
        <translation>送达时间不能晚于现在。</translation>
    </message>
    <message>
        <source>This notice is no longer waiting for delivery.</source>
        <translation>该通知单已不是待送达状态。</translation>
    </message>
    <message>
        <source>This reconnection task is already closed.</source>
        <translation>该复电任务已完成。</translation>
    </message>
    <message>
        <source>A template is approved by another person than the one who drafted it.</source>
        <translation>模板须由起草人以外的另一人审批。</translation>
    </message>
    <message>
        <source>This template is not a draft: there is nothing to approve.</source>
        <translation>该模板不是草稿，无需审批。</translation>
    </message>
    <message>
        <source>A condition for stopping supply does not hold; see the conditions listed with the request.</source>
        <translation>停电条件未全部满足，请查看申请所列的各项条件。</translation>
    </message>
    <message>
        <source>A terminal id has 1 to 32 ASCII letters, digits, &apos;-&apos; or &apos;_&apos;, and starts with a letter or digit.</source>
        <translation>终端号由 1 至 32 个英文字母、数字、“-”或“_”组成，以字母或数字开头。</translation>
    </message>
    <message>
        <source>A hall id has 1 to 32 ASCII letters, digits, &apos;-&apos; or &apos;_&apos;, and starts with a letter or digit.</source>
        <translation>营业厅编号由 1 至 32 个英文字母、数字、“-”或“_”组成，以字母或数字开头。</translation>
    </message>
    <message>
        <source>The text holds what looks like a full card number. Take it out: a card number may not be typed into a reason, name, address or note.</source>
        <translation>内容中含有疑似完整卡号的数字。请删除：原因、姓名、地址或备注中不得填写卡号。</translation>
    </message>
    <message>
        <source>The text holds a control character (a line break, tab or direction mark): write it on one line of plain text.</source>
        <translation>内容中含有控制字符（换行、制表符或文字方向标记）：请写成一行普通文字。</translation>
    </message>
    <message>
        <source>The input is not valid.</source>
        <translation>输入内容无效。</translation>
    </message>
    <message>
        <source>The request was refused.</source>
        <translation>请求被拒绝。</translation>
    </message>
    <message>
        <source>The local store could not be read or written ({kind}). Nothing was changed; try again, or call the technician.</source>
        <translation>本地数据库读写失败（{kind}），未做任何修改。请重试或联系运维人员。</translation>
    </message>
    <message>
        <source>Something went wrong ({kind}). Nothing was changed; try again.</source>
        <translation>发生错误（{kind}），未做任何修改，请重试。</translation>
    </message>
</context>
<context>
    <name>FinishPage</name>
    <message>
        <source>Set up this counter</source>
        <translation>设置本柜台</translation>
    </message>
    <message>
        <source>Nothing is saved until every check has passed.</source>
        <translation>所有检查通过之前不会保存任何内容。</translation>
    </message>
    <message>
        <source>Set up now</source>
        <translation>开始设置</translation>
    </message>
    <message>
        <source>Downloaded {done} customers…</source>
        <translation>已下载 {done} 个客户…</translation>
    </message>
    <message>
        <source>, about {seconds} s left</source>
        <translation>，约还需 {seconds} 秒</translation>
    </message>
    <message>
        <source>Downloaded {done} of {total} customers{left}.</source>
        <translation>已下载 {done} / {total} 个客户{left}。</translation>
    </message>
    <message>
        <source>Language: {language}</source>
        <translation>界面语言：{language}</translation>
    </message>
    <message>
        <source>Counter: {hall}/{terminal} {name}</source>
        <translation>柜台：{hall}/{terminal} {name}</translation>
    </message>
    <message>
        <source>Central ledger: {url}</source>
        <translation>中心账务：{url}</translation>
    </message>
    <message>
        <source>Central ledger: not connected (offline)</source>
        <translation>中心账务：暂不连接（离线）</translation>
    </message>
    <message>
        <source>Administrator: {id} {name}</source>
        <translation>管理员：{id} {name}</translation>
    </message>
    <message>
        <source>Receipt printer: {uri}</source>
        <translation>收据打印机：{uri}</translation>
    </message>
    <message>
        <source>not set</source>
        <translation>未设置</translation>
    </message>
    <message>
        <source>Card reader: {port}</source>
        <translation>读卡器：{port}</translation>
    </message>
    <message>
        <source>Data folder: {path}</source>
        <translation>数据文件夹：{path}</translation>
    </message>
    <message>
        <source>Checking…</source>
        <translation>正在检查…</translation>
    </message>
    <message>
        <source>Done. Press Finish and sign in as the administrator.</source>
        <translation>设置完成。请按“完成”，再以管理员身份登录。</translation>
    </message>
    <message>
        <source>Setup failed: {error}</source>
        <translation>设置失败：{error}</translation>
    </message>
</context>
<context>
    <name>HallPage</name>
    <message>
        <source>Hall and counter</source>
        <translation>营业厅与柜台</translation>
    </message>
    <message>
        <source>Scan the setup code the ledger administrator printed, or type the ids (the same ids as the terminal&apos;s token).</source>
        <translation>扫描中心账务管理员打印的配置码，或手工填写编号（与本柜台令牌所属的营业厅和柜台一致）。</translation>
    </message>
    <message>
        <source>scan the QR code here, or paste its line</source>
        <translation>在此扫描二维码，或粘贴配置码文本</translation>
    </message>
    <message>
        <source>e.g. H001</source>
        <translation>例如 H001</translation>
    </message>
    <message>
        <source>e.g. T01</source>
        <translation>例如 T01</translation>
    </message>
    <message>
        <source>printed on receipts</source>
        <translation>打印在收据上</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>界面语言</translation>
    </message>
    <message>
        <source>Setup code</source>
        <translation>配置码</translation>
    </message>
    <message>
        <source>Hall id</source>
        <translation>营业厅编号</translation>
    </message>
    <message>
        <source>Counter (terminal) id</source>
        <translation>柜台（终端）编号</translation>
    </message>
    <message>
        <source>Hall name</source>
        <translation>营业厅名称</translation>
    </message>
    <message>
        <source>Hall address</source>
        <translation>营业厅地址</translation>
    </message>
    <message>
        <source>Setup code read: counter {who}, ledger {url}.</source>
        <translation>已读取配置码：柜台 {who}，中心账务 {url}。</translation>
    </message>
</context>
<context>
    <name>LateFeeModel</name>
    <message>
        <source>Period</source>
        <translation>账期</translation>
    </message>
    <message>
        <source>Amount due</source>
        <translation>应缴电费</translation>
    </message>
    <message>
        <source>Days overdue</source>
        <translation>逾期天数</translation>
    </message>
    <message>
        <source>Late fee</source>
        <translation>违约金</translation>
    </message>
    <message>
        <source>Waived</source>
        <translation>已减免</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>是</translation>
    </message>
</context>
<context>
    <name>LedgerConnectDialog</name>
    <message>
        <source>Central ledger connection</source>
        <translation>中心账务连接</translation>
    </message>
    <message>
        <source>scan the QR code here, or paste its line</source>
        <translation>在此扫描二维码，或粘贴配置码文本</translation>
    </message>
    <message>
        <source>Setup code</source>
        <translation>配置码</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>This setup code is for counter {theirs}; this counter is {ours}.</source>
        <translation>此配置码属于柜台 {theirs}，本柜台为 {ours}。</translation>
    </message>
    <message>
        <source>Not saved: {0}</source>
        <translation>未保存：{0}</translation>
    </message>
    <message>
        <source>Saved to {0}. The counter uses the new connection when it is started again.</source>
        <translation>已保存到 {0}。重新启动程序后使用新的连接。</translation>
    </message>
</context>
<context>
    <name>LedgerPage</name>
    <message>
        <source>Central ledger</source>
        <translation>中心账务</translation>
    </message>
    <message>
        <source>Payments reach the central ledger from here. Without it the counter works offline and queues them.</source>
        <translation>收费记录从这里上传到中心账务。不连接时柜台离线工作，收费记录排队等待上传。</translation>
    </message>
    <message>
        <source>Connect later (work offline for now)</source>
        <translation>稍后连接（暂时离线工作）</translation>
    </message>
    <message>
        <source>e.g. https://ledger.example:8443</source>
        <translation>例如 https://ledger.example:8443</translation>
    </message>
    <message>
        <source>the terminal&apos;s token</source>
        <translation>本柜台的令牌</translation>
    </message>
    <message>
        <source>only for a private certificate: path of the CA file</source>
        <translation>仅用于私有证书：CA 证书文件路径</translation>
    </message>
    <message>
        <source>Check connection</source>
        <translation>检查连接</translation>
    </message>
    <message>
        <source>Ledger address</source>
        <translation>中心账务地址</translation>
    </message>
    <message>
        <source>Token</source>
        <translation>令牌</translation>
    </message>
    <message>
        <source>CA certificate</source>
        <translation>CA 证书</translation>
    </message>
    <message>
        <source>Enter the ledger address and the token first.</source>
        <translation>请先填写中心账务地址和令牌。</translation>
    </message>
    <message>
        <source>Checking the ledger…</source>
        <translation>正在检查中心账务…</translation>
    </message>
    <message>
        <source>Connected: ledger {version}, this counter is {who}.</source>
        <translation>已连接：中心账务版本 {version}，本柜台为 {who}。</translation>
    </message>
    <message>
        <source>The check failed: {error}</source>
        <translation>检查失败：{error}</translation>
    </message>
</context>
<context>
    <name>LoginPage</name>
    <message>
        <source>Hall Counter — sign in</source>
        <translation>营业厅柜台收费 — 登录</translation>
    </message>
    <message>
        <source>{hall} · counter {terminal}</source>
        <translation>{hall} · {terminal} 号柜台</translation>
    </message>
    <message>
        <source>User ID</source>
        <translation>工号</translation>
    </message>
    <message>
        <source>PIN</source>
        <translation>密码</translation>
    </message>
    <message>
        <source>e.g. 1001</source>
        <translation>例如 1001</translation>
    </message>
    <message>
        <source>4 to 8 digits</source>
        <translation>4 至 8 位数字</translation>
    </message>
    <message>
        <source>Sign in (Enter)</source>
        <translation>登录 (Enter)</translation>
    </message>
    <message>
        <source>Demo data: these users exist (click one, then type its PIN)</source>
        <translation>演示数据：可用以下用户登录（点选后输入密码）</translation>
    </message>
    <message>
        <source>Checking…</source>
        <translation>正在验证…</translation>
    </message>
    <message>
        <source>Enter your user ID.</source>
        <translation>请输入工号。</translation>
    </message>
    <message>
        <source>Enter your PIN.</source>
        <translation>请输入密码。</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>[DEMO]</source>
        <translation>［演示］</translation>
    </message>
    <message>
        <source>&amp;Counter</source>
        <translation>柜台(&amp;C)</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>语言(&amp;L)</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>Search</source>
        <translation>查询</translation>
    </message>
    <message>
        <source>Cash</source>
        <translation>现金</translation>
    </message>
    <message>
        <source>Bank card</source>
        <translation>银行卡</translation>
    </message>
    <message>
        <source>Cash + card</source>
        <translation>现金+银行卡</translation>
    </message>
    <message>
        <source>Record phone number</source>
        <translation>登记手机号</translation>
    </message>
    <message>
        <source>Reprint last receipt</source>
        <translation>重打上一张收据</translation>
    </message>
    <message>
        <source>Receipts waiting to print…</source>
        <translation>待打印的收据…</translation>
    </message>
    <message>
        <source>Open cash drawer (no sale)…</source>
        <translation>开钱箱（无收款）…</translation>
    </message>
    <message>
        <source>&amp;Devices</source>
        <translation>设备(&amp;D)</translation>
    </message>
    <message>
        <source>Printer setup…</source>
        <translation>打印机设置…</translation>
    </message>
    <message>
        <source>Card reader setup…</source>
        <translation>读卡器设置…</translation>
    </message>
    <message>
        <source>Central ledger connection…</source>
        <translation>中心账务连接…</translation>
    </message>
    <message>
        <source>Lock / switch cashier</source>
        <translation>锁屏 / 换班收费员</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>退出</translation>
    </message>
    <message>
        <source>Keyboard shortcuts</source>
        <translation>快捷键</translation>
    </message>
    <message>
        <source>About Hall Counter</source>
        <translation>关于营业厅柜台收费</translation>
    </message>
    <message>
        <source>Hall Counter</source>
        <translation>营业厅柜台收费</translation>
    </message>
    <message>
        <source>Hall {hall} · terminal {terminal}
Data folder: {data}
Qt {qt} · PySide6 {pyside} · Python {python}</source>
        <translation>营业厅 {hall} · 终端 {terminal}
数据文件夹：{data}
Qt {qt} · PySide6 {pyside} · Python {python}</translation>
    </message>
    <message>
        <source>Shift #{id} is still open on this counter. Quit anyway? The shift stays open and the cash stays counted to it; close the shift first to hand the drawer over.</source>
        <translation>本柜台的班次 #{id} 尚未交班。仍要退出吗？班次保持开启，钱箱现金仍计入该班次；如需移交钱箱，请先交班。</translation>
    </message>
    <message>
        <source>Quit, shift stays open</source>
        <translation>退出（班次保持开启）</translation>
    </message>
    <message>
        <source>Stay</source>
        <translation>不退出</translation>
    </message>
    <message>
        <source>{hall} — counter {terminal}</source>
        <translation>{hall} — {terminal} 号柜台</translation>
    </message>
    <message>
        <source>F2  search (account, phone, name, address)
Enter  open customer / confirm
F3  amount (part payment) · F4  exact cash · F10  +¥50 · F11  +¥100
Esc  back / clear for the next customer
F5  cash · F6  bank card · F7  cash + card
F8  record phone number
F9  reprint last receipt
Ctrl+P  receipts waiting to print
F12  lock / switch cashier (the shift stays open)</source>
        <translation>F2  查询（户号、电话、户名、地址、拼音）
Enter  打开客户 / 确认
F3  本次收款（部分缴费）· F4  现金收讫（不找零）· F10  +¥50 · F11  +¥100
Esc  返回 / 清空，接待下一位
F5  现金 · F6  银行卡 · F7  现金 + 银行卡
F8  登记手机号
F9  重打上一张收据
Ctrl+P  待打印的收据
F12  锁定 / 换收费员（班次保持开启）</translation>
    </message>
</context>
<context>
    <name>NoticesTab</name>
    <message>
        <source>every kind</source>
        <translation>全部种类</translation>
    </message>
    <message>
        <source>Reminder notice</source>
        <translation>催费通知单</translation>
    </message>
    <message>
        <source>Stop-supply notice</source>
        <translation>停电通知书</translation>
    </message>
    <message>
        <source>pending</source>
        <translation>待送达</translation>
    </message>
    <message>
        <source>delivered</source>
        <translation>已送达</translation>
    </message>
    <message>
        <source>settled</source>
        <translation>已结清</translation>
    </message>
    <message>
        <source>superseded</source>
        <translation>已被替代</translation>
    </message>
    <message>
        <source>any status</source>
        <translation>全部状态</translation>
    </message>
    <message>
        <source>any area</source>
        <translation>全部台区</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>种类</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Area</source>
        <translation>台区</translation>
    </message>
    <message>
        <source>Refresh (F5)</source>
        <translation>刷新 (F5)</translation>
    </message>
    <message>
        <source>Number</source>
        <translation>编号</translation>
    </message>
    <message>
        <source>Account</source>
        <translation>户号</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>户名</translation>
    </message>
    <message>
        <source>Issued</source>
        <translation>开具日期</translation>
    </message>
    <message>
        <source>Pay by</source>
        <translation>缴费期限</translation>
    </message>
    <message>
        <source>Owes</source>
        <translation>欠费</translation>
    </message>
    <message>
        <source>Delivered</source>
        <translation>送达时间</translation>
    </message>
    <message>
        <source>Open PDF (Ctrl+O)</source>
        <translation>打开 PDF (Ctrl+O)</translation>
    </message>
    <message>
        <source>Print on the receipt printer (Ctrl+P)</source>
        <translation>用小票打印机打印 (Ctrl+P)</translation>
    </message>
    <message>
        <source>Batch PDF of the area…</source>
        <translation>按台区批量打印…</translation>
    </message>
    <message>
        <source>Record delivery… (Ctrl+D)</source>
        <translation>登记送达… (Ctrl+D)</translation>
    </message>
    <message>
        <source>Fetching notices…</source>
        <translation>正在获取通知单…</translation>
    </message>
    <message>
        <source>Fetching the notice…</source>
        <translation>正在获取通知单…</translation>
    </message>
    <message>
        <source>Type the area first.</source>
        <translation>请先输入台区。</translation>
    </message>
    <message>
        <source>Making the batch PDF…</source>
        <translation>正在生成批量 PDF…</translation>
    </message>
    <message>
        <source>Notice {number} sent to the receipt printer.</source>
        <translation>通知单 {number} 已送小票打印机。</translation>
    </message>
    <message>
        <source>Delivery of {number} recorded.</source>
        <translation>已登记通知单 {number} 送达。</translation>
    </message>
    <message>
        <source>Recording the delivery…</source>
        <translation>正在登记送达…</translation>
    </message>
</context>
<context>
    <name>OpenShiftDialog</name>
    <message>
        <source>Open shift</source>
        <translation>开班</translation>
    </message>
    <message>
        <source>Note / coin</source>
        <translation>面额</translation>
    </message>
    <message>
        <source>Count</source>
        <translation>张/枚数</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>金额</translation>
    </message>
    <message>
        <source>No shift is open on counter {terminal}. {name}, count the opening float in the drawer by note and coin.</source>
        <translation>{terminal} 号柜台尚未开班。{name}，请按面额清点钱箱中的备用金。</translation>
    </message>
    <message>
        <source>Open shift (Enter)</source>
        <translation>开班 (Enter)</translation>
    </message>
    <message>
        <source>Sign out (Esc)</source>
        <translation>退出登录 (Esc)</translation>
    </message>
    <message>
        <source>Without a shift (reports, approvals)</source>
        <translation>不开班（查看报表、审批）</translation>
    </message>
    <message>
        <source>Float {total}</source>
        <translation>备用金 {total}</translation>
    </message>
    <message>
        <source>Open the shift with a float of {total}?</source>
        <translation>确认以备用金 {total} 开班？</translation>
    </message>
    <message>
        <source>The float is {total}: nothing was counted. Open the shift with an empty drawer?</source>
        <translation>备用金为 {total}：未清点任何现金。确定以空钱箱开班吗？</translation>
    </message>
    <message>
        <source>Confirm the float</source>
        <translation>确认备用金</translation>
    </message>
    <message>
        <source>Open shift ({total})</source>
        <translation>开班（{total}）</translation>
    </message>
    <message>
        <source>Count again</source>
        <translation>重新清点</translation>
    </message>
    <message>
        <source>Opening…</source>
        <translation>正在开班…</translation>
    </message>
</context>
<context>
    <name>PaymentPanel</name>
    <message>
        <source>Payment</source>
        <translation>收款</translation>
    </message>
    <message>
        <source>Amount ({key})</source>
        <translation>本次收款 ({key})</translation>
    </message>
    <message>
        <source>yuan, e.g. 120.50</source>
        <translation>单位：元，例如 120.50</translation>
    </message>
    <message>
        <source>Cash (F5)</source>
        <translation>现金 (F5)</translation>
    </message>
    <message>
        <source>Bank card (F6)</source>
        <translation>银行卡 (F6)</translation>
    </message>
    <message>
        <source>Cash + card (F7)</source>
        <translation>现金+银行卡 (F7)</translation>
    </message>
    <message>
        <source>Cash tendered</source>
        <translation>实收现金</translation>
    </message>
    <message>
        <source>empty: exact amount</source>
        <translation>不填：按应收金额</translation>
    </message>
    <message>
        <source>Reference (RRN)</source>
        <translation>参考号(RRN)</translation>
    </message>
    <message>
        <source>Auth code</source>
        <translation>授权码</translation>
    </message>
    <message>
        <source>Masked card no.</source>
        <translation>掩码卡号</translation>
    </message>
    <message>
        <source>e.g. 622848******1234, never the full number</source>
        <translation>如 622848******1234，勿输完整卡号</translation>
    </message>
    <message>
        <source>Cash part</source>
        <translation>现金部分</translation>
    </message>
    <message>
        <source>Card part</source>
        <translation>银行卡部分</translation>
    </message>
    <message>
        <source>empty: exact cash part</source>
        <translation>不填：按现金部分</translation>
    </message>
    <message>
        <source>Change</source>
        <translation>找零</translation>
    </message>
    <message>
        <source>Confirm payment (Enter)</source>
        <translation>确认收款 (Enter)</translation>
    </message>
    <message>
        <source>Exact cash ({key})</source>
        <translation>现金收讫 ({key})</translation>
    </message>
    <message>
        <source>+{note} note ({key})</source>
        <translation>实收 +{note} ({key})</translation>
    </message>
</context>
<context>
    <name>PhoneDialog</name>
    <message>
        <source>Verify phone number</source>
        <translation>核实手机号</translation>
    </message>
    <message>
        <source>Record phone number</source>
        <translation>登记手机号</translation>
    </message>
    <message>
        <source>11-digit mobile number, e.g. 13812345678</source>
        <translation>11 位手机号，例如 13812345678</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>客户</translation>
    </message>
    <message>
        <source>Mobile</source>
        <translation>手机号</translation>
    </message>
    <message>
        <source>Save (Enter)</source>
        <translation>保存 (Enter)</translation>
    </message>
    <message>
        <source>Cancel (Esc)</source>
        <translation>取消 (Esc)</translation>
    </message>
    <message>
        <source>Read the number to the customer. Saving it unchanged records it as verified today; correct it if the customer has a new one.</source>
        <translation>请向客户念出号码核对。号码不变直接保存即记为今日已核实；客户换了号码请改为新号码。</translation>
    </message>
    <message>
        <source>A mainland mobile number has 11 digits and starts with 13 to 19.</source>
        <translation>大陆手机号为 11 位，以 13 至 19 开头。</translation>
    </message>
    <message>
        <source>Saving…</source>
        <translation>正在保存…</translation>
    </message>
</context>
<context>
    <name>PortTableModel</name>
    <message>
        <source>Port</source>
        <translation>端口</translation>
    </message>
    <message>
        <source>Description</source>
        <translation>描述</translation>
    </message>
    <message>
        <source>VID:PID</source>
        <translation>VID:PID</translation>
    </message>
    <message>
        <source>Manufacturer</source>
        <translation>制造商</translation>
    </message>
</context>
<context>
    <name>PrintQueueDialog</name>
    <message>
        <source>Receipts waiting to print</source>
        <translation>待打印的收据</translation>
    </message>
    <message>
        <source>Receipt</source>
        <translation>收据</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Attempts</source>
        <translation>尝试次数</translation>
    </message>
    <message>
        <source>Printer / last error</source>
        <translation>打印机 / 上次错误</translation>
    </message>
    <message>
        <source>Retry</source>
        <translation>重试</translation>
    </message>
    <message>
        <source>Send to this printer</source>
        <translation>发送到此打印机</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Another printer:</source>
        <translation>其他打印机：</translation>
    </message>
    <message>
        <source>Reprint</source>
        <translation>重打</translation>
    </message>
    <message>
        <source>Void slip</source>
        <translation>作废单</translation>
    </message>
    <message>
        <source>Test page</source>
        <translation>测试页</translation>
    </message>
    <message>
        <source>Waiting</source>
        <translation>等待中</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <source>screen</source>
        <translation>屏幕</translation>
    </message>
    <message>
        <source>Every receipt has been printed.</source>
        <translation>所有收据均已打印。</translation>
    </message>
    <message>
        <source>Not a printer address: {error}</source>
        <translation>不是有效的打印机地址：{error}</translation>
    </message>
    <message>
        <source>Printing {receipt}…</source>
        <translation>正在打印 {receipt}…</translation>
    </message>
    <message>
        <source>Printed {receipt}.</source>
        <translation>已打印 {receipt}。</translation>
    </message>
    <message>
        <source>Not printed: {error}</source>
        <translation>未打印：{error}</translation>
    </message>
</context>
<context>
    <name>PrinterSetupDialog</name>
    <message>
        <source>Receipt printer setup</source>
        <translation>收据打印机设置</translation>
    </message>
    <message>
        <source>58 mm (32 columns)</source>
        <translation>58 毫米（32 列）</translation>
    </message>
    <message>
        <source>80 mm (48 columns)</source>
        <translation>80 毫米（48 列）</translation>
    </message>
    <message>
        <source>Pin 2</source>
        <translation>2 号针脚</translation>
    </message>
    <message>
        <source>Pin 5</source>
        <translation>5 号针脚</translation>
    </message>
    <message>
        <source>Read status</source>
        <translation>读取状态</translation>
    </message>
    <message>
        <source>Print test page</source>
        <translation>打印测试页</translation>
    </message>
    <message>
        <source>Serial ports and USB printers found</source>
        <translation>找到的串口和 USB 打印机</translation>
    </message>
    <message>
        <source>Printer</source>
        <translation>打印机</translation>
    </message>
    <message>
        <source>Transport</source>
        <translation>连接方式</translation>
    </message>
    <message>
        <source>Printer URI</source>
        <translation>打印机地址(URI)</translation>
    </message>
    <message>
        <source>Paper width</source>
        <translation>纸宽</translation>
    </message>
    <message>
        <source>Chinese encoding</source>
        <translation>中文编码</translation>
    </message>
    <message>
        <source>Model profile</source>
        <translation>机型配置</translation>
    </message>
    <message>
        <source>Cash drawer</source>
        <translation>钱箱</translation>
    </message>
    <message>
        <source>Receipt footer</source>
        <translation>收据页脚</translation>
    </message>
    <message>
        <source>Try it</source>
        <translation>测试</translation>
    </message>
    <message>
        <source>Status:</source>
        <translation>状态：</translation>
    </message>
    <message>
        <source>Could not list devices: %1</source>
        <translation>无法列出设备：%1</translation>
    </message>
    <message>
        <source>Working…</source>
        <translation>处理中…</translation>
    </message>
    <message>
        <source>Status read.</source>
        <translation>已读取状态。</translation>
    </message>
    <message>
        <source>Test page sent: %1 bytes.</source>
        <translation>测试页已发送：%1 字节。</translation>
    </message>
</context>
<context>
    <name>PrinterText</name>
    <message>
        <source>The printer at {where} refused the connection: it is off, or the address or port is wrong.</source>
        <translation>打印机 {where} 拒绝连接：打印机未开机，或地址、端口设置有误。</translation>
    </message>
    <message>
        <source>The printer at {where} did not answer: it is off or the network cable is out.</source>
        <translation>打印机 {where} 无应答：打印机未开机或网线未接好。</translation>
    </message>
    <message>
        <source>Cannot connect to the printer at {where}: check that it is on and on the network.</source>
        <translation>无法连接打印机 {where}：请检查打印机是否开机并已联网。</translation>
    </message>
    <message>
        <source>The printer at {where} broke off while printing: part of the receipt may have come out.</source>
        <translation>打印机 {where} 在打印中断开：收据可能只打印了一部分。</translation>
    </message>
    <message>
        <source>Cannot open the serial port {where}: check the printer cable and the port setting.</source>
        <translation>无法打开串口 {where}：请检查打印机连线和端口设置。</translation>
    </message>
    <message>
        <source>Sending to the printer on {where} failed: the receipt may be incomplete.</source>
        <translation>向 {where} 上的打印机发送失败：收据可能不完整。</translation>
    </message>
    <message>
        <source>The USB printer {where} is not connected: check its cable and power.</source>
        <translation>USB 打印机 {where} 未连接：请检查连线和电源。</translation>
    </message>
    <message>
        <source>Cannot open the printer device {where}: check the cable and power.</source>
        <translation>无法打开打印机设备 {where}：请检查连线和电源。</translation>
    </message>
    <message>
        <source>Sending to the printer device {where} failed: the receipt may be incomplete.</source>
        <translation>向打印机设备 {where} 发送失败：收据可能不完整。</translation>
    </message>
    <message>
        <source>The print system (CUPS) is not installed on this computer; call the technician.</source>
        <translation>本机未安装打印系统（CUPS），请联系运维。</translation>
    </message>
    <message>
        <source>The print queue {where} refused the receipt; call the technician.</source>
        <translation>打印队列 {where} 拒收了收据，请联系运维。</translation>
    </message>
    <message>
        <source>The Windows printer did not take the receipt; call the technician.</source>
        <translation>Windows 打印机未接收收据，请联系运维。</translation>
    </message>
    <message>
        <source>The printer is out of paper: load a roll.</source>
        <translation>打印机缺纸：请装入纸卷。</translation>
    </message>
    <message>
        <source>The printer cover is open: close it.</source>
        <translation>打印机机盖打开：请合上机盖。</translation>
    </message>
    <message>
        <source>The printer is offline: check its lights, paper and cover.</source>
        <translation>打印机离线：请检查指示灯、纸张和机盖。</translation>
    </message>
    <message>
        <source>The printer did not take the receipt.</source>
        <translation>打印机未接收收据。</translation>
    </message>
    <message>
        <source>Online</source>
        <translation>在线</translation>
    </message>
    <message>
        <source>Paper nearly out</source>
        <translation>纸将尽</translation>
    </message>
    <message>
        <source>Out of paper</source>
        <translation>缺纸</translation>
    </message>
    <message>
        <source>Offline</source>
        <translation>离线</translation>
    </message>
    <message>
        <source>Status unknown</source>
        <translation>状态未知</translation>
    </message>
    <message>
        <source>cover open</source>
        <translation>机盖打开</translation>
    </message>
    <message>
        <source>printer fault</source>
        <translation>打印机故障</translation>
    </message>
    <message>
        <source>feed button held</source>
        <translation>走纸键按下</translation>
    </message>
    <message>
        <source>paper sensor not read</source>
        <translation>未读到纸传感器</translation>
    </message>
    <message>
        <source>no status answer</source>
        <translation>无状态应答</translation>
    </message>
    <message>
        <source>{state} ({detail})</source>
        <translation>{state}（{detail}）</translation>
    </message>
    <message>
        <source>, </source>
        <translation>，</translation>
    </message>
</context>
<context>
    <name>Product</name>
    <message>
        <source>Hall Counter</source>
        <translation>营业厅柜台收费</translation>
    </message>
</context>
<context>
    <name>QFileDialog</name>
    <message>
        <source>&amp;Look in:</source>
        <translation>查找范围(&amp;L)：</translation>
    </message>
    <message>
        <source>Files of &amp;type:</source>
        <translation>文件类型(&amp;T)：</translation>
    </message>
</context>
<context>
    <name>ReceiptPreviewDialog</name>
    <message>
        <source>Receipt (reprint)</source>
        <translation>收据（重打）</translation>
    </message>
    <message>
        <source>Receipt</source>
        <translation>收据</translation>
    </message>
    <message>
        <source>REPRINT — not a new payment</source>
        <translation>重打 REPRINT — 不是新的收款</translation>
    </message>
    <message>
        <source>Change {amount}</source>
        <translation>找零 {amount}</translation>
    </message>
    <message>
        <source>Payment saved</source>
        <translation>收款已保存</translation>
    </message>
    <message>
        <source>Next customer (Enter)</source>
        <translation>下一位 (Enter)</translation>
    </message>
</context>
<context>
    <name>ReceiptsPart</name>
    <message>
        <source>Printing…</source>
        <translation>正在打印…</translation>
    </message>
    <message>
        <source>Printed.</source>
        <translation>已打印。</translation>
    </message>
    <message>
        <source>NOT printed: {error} The payment is saved; the receipt waits in Ctrl+P to be printed again.</source>
        <translation>未打印：{error}缴费已保存；收据在“待打印”（Ctrl+P）中等待重新打印。</translation>
    </message>
    <message>
        <source>No receipt on this counter yet.</source>
        <translation>本柜台还没有收据。</translation>
    </message>
    <message>
        <source>Reprint</source>
        <translation>重打</translation>
    </message>
    <message>
        <source>This receipt has been reprinted the allowed number of times. A supervisor must approve another copy.</source>
        <translation>此收据重打次数已达上限，再次重打需值班长审批。</translation>
    </message>
    <message>
        <source>No receipt printer is set up, so there is no cash drawer to open.</source>
        <translation>未设置收据打印机，没有可打开的钱箱。</translation>
    </message>
    <message>
        <source>Opening the cash drawer without a sale needs a supervisor. Reason, then the supervisor&apos;s user ID and PIN:</source>
        <translation>无收款开钱箱需值班长审批。请填写原因，再由值班长输入工号和密码：</translation>
    </message>
    <message>
        <source>change for a customer</source>
        <translation>为顾客换零钱</translation>
    </message>
    <message>
        <source>Cash drawer opened.</source>
        <translation>钱箱已打开。</translation>
    </message>
    <message>
        <source>The cash drawer did not open: {reason}</source>
        <translation>钱箱未打开：{reason}</translation>
    </message>
</context>
<context>
    <name>ReconciliationView</name>
    <message>
        <source>Reconcile with the ledger</source>
        <translation>与中心账务对账</translation>
    </message>
    <message>
        <source>Shift</source>
        <translation>班次</translation>
    </message>
    <message>
        <source>Counter count</source>
        <translation>柜台笔数</translation>
    </message>
    <message>
        <source>Ledger count</source>
        <translation>中心笔数</translation>
    </message>
    <message>
        <source>Counter total</source>
        <translation>柜台金额</translation>
    </message>
    <message>
        <source>Ledger total</source>
        <translation>中心金额</translation>
    </message>
    <message>
        <source>Match</source>
        <translation>一致</translation>
    </message>
    <message>
        <source>Shift report</source>
        <translation>班次报表</translation>
    </message>
    <message>
        <source>Problem</source>
        <translation>问题</translation>
    </message>
    <message>
        <source>Receipt</source>
        <translation>收据</translation>
    </message>
    <message>
        <source>Counter</source>
        <translation>柜台</translation>
    </message>
    <message>
        <source>Ledger / note</source>
        <translation>中心账务 / 备注</translation>
    </message>
    <message>
        <source>Reconciliation with the ledger</source>
        <translation>与中心账务对账</translation>
    </message>
    <message>
        <source>No ledger is connected (ledger.url is empty).</source>
        <translation>未连接中心账务（尚未设置总账地址）。</translation>
    </message>
    <message>
        <source>Asking the ledger…</source>
        <translation>正在查询中心账务…</translation>
    </message>
    <message>
        <source>Missing at the ledger</source>
        <translation>中心缺少</translation>
    </message>
    <message>
        <source>Extra at the ledger</source>
        <translation>中心多出</translation>
    </message>
    <message>
        <source>Different</source>
        <translation>不一致</translation>
    </message>
    <message>
        <source>Receipt number twice</source>
        <translation>收据号重复</translation>
    </message>
    <message>
        <source>agrees</source>
        <translation>一致</translation>
    </message>
    <message>
        <source>differs</source>
        <translation>不一致</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>是</translation>
    </message>
    <message>
        <source>NO</source>
        <translation>否</translation>
    </message>
    <message>
        <source>Counter and ledger agree.</source>
        <translation>柜台与中心账务一致。</translation>
    </message>
    <message>
        <source>{n} difference(s) found.</source>
        <translation>发现 {n} 处差异。</translation>
    </message>
</context>
<context>
    <name>ReconnectionsTab</name>
    <message>
        <source>Open reconnection tasks: supply back within the deadline after the arrears were paid.</source>
        <translation>未完成的复电任务：欠费结清后须在时限内恢复供电。</translation>
    </message>
    <message>
        <source>Refresh (F5)</source>
        <translation>刷新 (F5)</translation>
    </message>
    <message>
        <source>Task</source>
        <translation>任务</translation>
    </message>
    <message>
        <source>Account</source>
        <translation>户号</translation>
    </message>
    <message>
        <source>Request</source>
        <translation>申请</translation>
    </message>
    <message>
        <source>Opened</source>
        <translation>生成时间</translation>
    </message>
    <message>
        <source>Deadline</source>
        <translation>时限</translation>
    </message>
    <message>
        <source>Time left</source>
        <translation>剩余时间</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Close the task (supply is back)</source>
        <translation>完成任务（已恢复供电）</translation>
    </message>
    <message>
        <source>Fetching reconnection tasks…</source>
        <translation>正在获取复电任务…</translation>
    </message>
    <message>
        <source>Task {id} closed.</source>
        <translation>复电任务 {id} 已完成。</translation>
    </message>
    <message>
        <source>Closing…</source>
        <translation>正在完成…</translation>
    </message>
</context>
<context>
    <name>RefundDialog</name>
    <message>
        <source>Refund prepaid credit</source>
        <translation>退预存</translation>
    </message>
    <message>
        <source>Refund</source>
        <translation>退款</translation>
    </message>
    <message>
        <source>Amount (¥)</source>
        <translation>金额（元）</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>Only prepaid credit of payments from closed shifts is refunded here; a payment of the open shift is voided instead. The cash comes out of this shift&apos;s drawer.</source>
        <translation>此处只退已交班班次收款留下的预存电费；本班次的收款请作废。退款现金从本班钱箱支出。</translation>
    </message>
    <message>
        <source>No prepaid credit to refund on this account.</source>
        <translation>该户没有可退的预存电费。</translation>
    </message>
    <message>
        <source>Supervisor: approve refunding {amount} of prepaid credit on account {account}.</source>
        <translation>请值班长审批：户号 {account} 退预存 {amount}。</translation>
    </message>
    <message>
        <source>Refunded {amount} on receipt {receipt}.</source>
        <translation>已退款 {amount}，收据号 {receipt}。</translation>
    </message>
</context>
<context>
    <name>RefundableModel</name>
    <message>
        <source>Receipt</source>
        <translation>收据号</translation>
    </message>
    <message>
        <source>Paid at</source>
        <translation>收费时间</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>金额</translation>
    </message>
    <message>
        <source>Credit left</source>
        <translation>预存余额</translation>
    </message>
    <message>
        <source>Refundable</source>
        <translation>可退金额</translation>
    </message>
</context>
<context>
    <name>Roles</name>
    <message>
        <source>Cashier</source>
        <translation>收费员</translation>
    </message>
    <message>
        <source>Supervisor</source>
        <translation>值班长</translation>
    </message>
    <message>
        <source>Technician</source>
        <translation>运维</translation>
    </message>
    <message>
        <source>Administrator</source>
        <translation>管理员</translation>
    </message>
</context>
<context>
    <name>RunsTab</name>
    <message>
        <source>every class</source>
        <translation>全部类别</translation>
    </message>
    <message>
        <source>Residential</source>
        <translation>居民</translation>
    </message>
    <message>
        <source>Non-residential</source>
        <translation>非居民</translation>
    </message>
    <message>
        <source>Important users</source>
        <translation>重要用户</translation>
    </message>
    <message>
        <source>Propose a run (Ctrl+N)</source>
        <translation>生成批次建议 (Ctrl+N)</translation>
    </message>
    <message>
        <source>Refresh (F5)</source>
        <translation>刷新 (F5)</translation>
    </message>
    <message>
        <source>As of</source>
        <translation>截至</translation>
    </message>
    <message>
        <source>Class</source>
        <translation>客户类别</translation>
    </message>
    <message>
        <source>Run</source>
        <translation>批次</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Proposed by</source>
        <translation>建议人</translation>
    </message>
    <message>
        <source>Executed by</source>
        <translation>执行人</translation>
    </message>
    <message>
        <source>Account</source>
        <translation>户号</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>户名</translation>
    </message>
    <message>
        <source>Area</source>
        <translation>台区</translation>
    </message>
    <message>
        <source>Days overdue</source>
        <translation>逾期天数</translation>
    </message>
    <message>
        <source>Owes</source>
        <translation>欠费</translation>
    </message>
    <message>
        <source>Now</source>
        <translation>当前级别</translation>
    </message>
    <message>
        <source>Proposed</source>
        <translation>建议级别</translation>
    </message>
    <message>
        <source>Final</source>
        <translation>最终级别</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>动作</translation>
    </message>
    <message>
        <source>Blocked</source>
        <translation>冻结</translation>
    </message>
    <message>
        <source>blocked</source>
        <translation>已冻结</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>Raise one level (+)</source>
        <translation>升一级 (+)</translation>
    </message>
    <message>
        <source>Lower one level (-)</source>
        <translation>降一级 (-)</translation>
    </message>
    <message>
        <source>Block / unblock (B)</source>
        <translation>冻结 / 解冻 (B)</translation>
    </message>
    <message>
        <source>Execute the run…</source>
        <translation>执行批次…</translation>
    </message>
    <message>
        <source>Reverse the run…</source>
        <translation>冲回批次…</translation>
    </message>
    <message>
        <source>Fetching dunning runs…</source>
        <translation>正在获取催费批次…</translation>
    </message>
    <message>
        <source>Fetching the run…</source>
        <translation>正在获取批次…</translation>
    </message>
    <message>
        <source>Run {run}: {n} lines, {d} to be dunned ({status})</source>
        <translation>批次 {run}：共 {n} 条，其中 {d} 条将催费（{status}）</translation>
    </message>
    <message>
        <source>Proposing a run…</source>
        <translation>正在生成批次建议…</translation>
    </message>
    <message>
        <source>Run {run} proposed: review its lines, then execute it.</source>
        <translation>已生成批次 {run} 的建议：请审核明细后执行。</translation>
    </message>
    <message>
        <source>Changing the line…</source>
        <translation>正在修改明细…</translation>
    </message>
    <message>
        <source>Run {run} executed.</source>
        <translation>批次 {run} 已执行。</translation>
    </message>
    <message>
        <source>Executing the run…</source>
        <translation>正在执行批次…</translation>
    </message>
    <message>
        <source>Execute run {run}? Its notices and reminders go out and it can then only be reversed.</source>
        <translation>执行批次 {run}？通知单和提醒将发出，执行后只能冲回。</translation>
    </message>
    <message>
        <source>Run {run} reversed.</source>
        <translation>批次 {run} 已冲回。</translation>
    </message>
    <message>
        <source>Reversing the run…</source>
        <translation>正在冲回批次…</translation>
    </message>
    <message>
        <source>Reverse run {run}</source>
        <translation>冲回批次 {run}</translation>
    </message>
    <message>
        <source>Reason for the reversal:</source>
        <translation>冲回原因：</translation>
    </message>
</context>
<context>
    <name>SearchBar</name>
    <message>
        <source>Search (F2)</source>
        <translation>查询 (F2)</translation>
    </message>
    <message>
        <source>Account number, phone, name or address</source>
        <translation>户号、手机号、户名或地址</translation>
    </message>
    <message>
        <source>Search</source>
        <translation>查询</translation>
    </message>
</context>
<context>
    <name>SessionPart</name>
    <message>
        <source>Checking the data…</source>
        <translation>正在检查数据…</translation>
    </message>
    <message>
        <source>Sign-in is not possible: {reason}</source>
        <translation>无法登录：{reason}</translation>
    </message>
    <message>
        <source>Shift #{id} was opened by {opener}. This hall hands a shift over with a count: close it (Shift ▸ Close shift…), then open your own. Look-up only until then.</source>
        <translation>班次 #{id} 由 {opener} 开班。本营业厅换人须清点交班：请先交班（班次 ▸ 交班…），再开自己的班次。在此之前仅可查询。</translation>
    </message>
    <message>
        <source>No shift is open: look-up only.</source>
        <translation>未开班：仅可查询。</translation>
    </message>
    <message>
        <source>Counter locked.</source>
        <translation>柜台已锁定。</translation>
    </message>
    <message>
        <source>Counter locked. Shift #{id} stays open; any cashier may sign in to continue it.</source>
        <translation>柜台已锁定。班次 #{id} 保持开启，任一收费员登录即可继续。</translation>
    </message>
    <message>
        <source>Counter locked. Shift #{id} stays open; its cashier signs in to continue it, anyone else hands it over with a count.</source>
        <translation>柜台已锁定。班次 #{id} 保持开启；原收费员登录即可继续，其他人须清点交班。</translation>
    </message>
</context>
<context>
    <name>SetupWizard</name>
    <message>
        <source>Set up a new counter</source>
        <translation>设置新柜台</translation>
    </message>
    <message>
        <source>Next &gt;</source>
        <translation>下一步 &gt;</translation>
    </message>
    <message>
        <source>&lt; Back</source>
        <translation>&lt; 上一步</translation>
    </message>
    <message>
        <source>Finish</source>
        <translation>完成</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
</context>
<context>
    <name>ShiftCloseDialog</name>
    <message>
        <source>Close shift</source>
        <translation>交班</translation>
    </message>
    <message>
        <source>Starting the close…</source>
        <translation>正在开始交班…</translation>
    </message>
    <message>
        <source>Card total on the bank terminal&apos;s settlement slip</source>
        <translation>银行终端结算单上的银行卡合计</translation>
    </message>
    <message>
        <source>POS settlement (¥)</source>
        <translation>POS 结算金额（元）</translation>
    </message>
    <message>
        <source>Enter count</source>
        <translation>录入清点结果</translation>
    </message>
    <message>
        <source>Expected cash</source>
        <translation>应有现金</translation>
    </message>
    <message>
        <source>Counted cash</source>
        <translation>实点现金</translation>
    </message>
    <message>
        <source>Cash over/short</source>
        <translation>现金长短款</translation>
    </message>
    <message>
        <source>Card total</source>
        <translation>银行卡合计</translation>
    </message>
    <message>
        <source>POS settlement</source>
        <translation>POS 结算</translation>
    </message>
    <message>
        <source>Card difference</source>
        <translation>银行卡差额</translation>
    </message>
    <message>
        <source>Reason to close with payments not yet at the ledger</source>
        <translation>收款未上传中心账务即交班的原因</translation>
    </message>
    <message>
        <source>Supervisor id</source>
        <translation>值班长工号</translation>
    </message>
    <message>
        <source>Supervisor PIN</source>
        <translation>值班长密码</translation>
    </message>
    <message>
        <source>Sign off and close</source>
        <translation>审核并交班</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>完成</translation>
    </message>
    <message>
        <source>The count of shift {shift} was already entered.</source>
        <translation>{shift} 号班次的清点结果已录入。</translation>
    </message>
    <message>
        <source>Shift {shift} on counter {terminal}, opened by {user} at {at}. Count the drawer by note and coin and type the bank terminal&apos;s settlement total. The expected amounts are shown after the count is entered.</source>
        <translation>{terminal} 号柜台 {shift} 号班次，由 {user} 于 {at} 开班。请按面额清点钱箱，并输入银行终端的结算合计。录入清点结果后才显示应有金额。</translation>
    </message>
    <message>
        <source>Counted {total}</source>
        <translation>实点 {total}</translation>
    </message>
    <message>
        <source>Shift {shift} is closed. Counted by {counter}, signed off by {supervisor}. The Z report is ready to print and is queued for the ledger.</source>
        <translation>{shift} 号班次已交班。清点人 {counter}，审核人 {supervisor}。Z 报表可以打印，并已排队上传中心账务。</translation>
    </message>
    <message>
        <source>{n} payment(s) are not yet at the ledger. Override reason</source>
        <translation>{n} 笔收款尚未上传中心账务。强制交班原因</translation>
    </message>
    <message>
        <source>{n} payment(s) of this shift are still queued for the ledger. Wait for the sync, or give a reason to close anyway.</source>
        <translation>本班次还有 {n} 笔收款等待上传中心账务。请等待同步，或填写原因后强制交班。</translation>
    </message>
</context>
<context>
    <name>ShiftPaymentsModel</name>
    <message>
        <source>Receipt</source>
        <translation>收据号</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Account</source>
        <translation>户号</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>户名</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>金额</translation>
    </message>
    <message>
        <source>Cash</source>
        <translation>现金</translation>
    </message>
    <message>
        <source>Card</source>
        <translation>银行卡</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>void</source>
        <translation>已作废</translation>
    </message>
    <message>
        <source>paid</source>
        <translation>已收费</translation>
    </message>
</context>
<context>
    <name>ShiftReportsView</name>
    <message>
        <source>Shift reports</source>
        <translation>班次报表</translation>
    </message>
    <message>
        <source>Shift</source>
        <translation>班次</translation>
    </message>
    <message>
        <source>Opened by</source>
        <translation>开班人</translation>
    </message>
    <message>
        <source>Opened at</source>
        <translation>开班时间</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Closed at</source>
        <translation>交班时间</translation>
    </message>
    <message>
        <source>Print X report</source>
        <translation>打印 X 报表</translation>
    </message>
    <message>
        <source>Save Z report (PDF)</source>
        <translation>保存 Z 报表（PDF）</translation>
    </message>
    <message>
        <source>Print Z slip</source>
        <translation>打印 Z 小票</translation>
    </message>
    <message>
        <source>Save deposit slip (PDF)</source>
        <translation>保存解款单（PDF）</translation>
    </message>
    <message>
        <source>Open the PDF</source>
        <translation>打开 PDF</translation>
    </message>
    <message>
        <source>open</source>
        <translation>未交班</translation>
    </message>
    <message>
        <source>counting</source>
        <translation>清点中</translation>
    </message>
    <message>
        <source>counted</source>
        <translation>已清点</translation>
    </message>
    <message>
        <source>signed off</source>
        <translation>已审核</translation>
    </message>
    <message>
        <source>closed</source>
        <translation>已交班</translation>
    </message>
    <message>
        <source>Save PDF</source>
        <translation>保存 PDF</translation>
    </message>
    <message>
        <source>PDF files (*.pdf)</source>
        <translation>PDF 文件 (*.pdf)</translation>
    </message>
    <message>
        <source>Slip ready for the receipt printer.</source>
        <translation>小票已发送到收据打印机队列。</translation>
    </message>
    <message>
        <source>Saved {path}</source>
        <translation>已保存 {path}</translation>
    </message>
</context>
<context>
    <name>SmsTab</name>
    <message>
        <source>Templates (drafted by one person, approved by another)</source>
        <translation>短信模板（一人起草，另一人审批）</translation>
    </message>
    <message>
        <source>Refresh (F5)</source>
        <translation>刷新 (F5)</translation>
    </message>
    <message>
        <source>Template</source>
        <translation>模板</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Drafted by</source>
        <translation>起草人</translation>
    </message>
    <message>
        <source>Approved by</source>
        <translation>批准人</translation>
    </message>
    <message>
        <source>Text</source>
        <translation>内容</translation>
    </message>
    <message>
        <source>Draft a template…</source>
        <translation>起草模板…</translation>
    </message>
    <message>
        <source>Approve the template</source>
        <translation>审批模板</translation>
    </message>
    <message>
        <source>any status</source>
        <translation>全部状态</translation>
    </message>
    <message>
        <source>any account</source>
        <translation>全部户号</translation>
    </message>
    <message>
        <source>SMS log</source>
        <translation>短信记录</translation>
    </message>
    <message>
        <source>Show</source>
        <translation>显示</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>创建时间</translation>
    </message>
    <message>
        <source>Account</source>
        <translation>户号</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>电话</translation>
    </message>
    <message>
        <source>Receipt</source>
        <translation>回执时间</translation>
    </message>
    <message>
        <source>Parts</source>
        <translation>条数</translation>
    </message>
    <message>
        <source>Fetching templates…</source>
        <translation>正在获取模板…</translation>
    </message>
    <message>
        <source>Fetching the SMS log…</source>
        <translation>正在获取短信记录…</translation>
    </message>
    <message>
        <source>Draft an SMS template</source>
        <translation>起草短信模板</translation>
    </message>
    <message>
        <source>Payment-reminder wording, with variables such as ${name} ${amount}</source>
        <translation>缴费提醒措辞，可用变量如 ${name} ${amount}</translation>
    </message>
    <message>
        <source>Template drafted: another supervisor approves it.</source>
        <translation>模板已起草：须由另一位值班长审批。</translation>
    </message>
    <message>
        <source>Saving the draft…</source>
        <translation>正在保存草稿…</translation>
    </message>
    <message>
        <source>Template {t} approved.</source>
        <translation>模板 {t} 已批准。</translation>
    </message>
    <message>
        <source>Approving…</source>
        <translation>正在审批…</translation>
    </message>
</context>
<context>
    <name>StopSupplyTab</name>
    <message>
        <source>any status</source>
        <translation>全部状态</translation>
    </message>
    <message>
        <source>requested</source>
        <translation>待批准</translation>
    </message>
    <message>
        <source>approved</source>
        <translation>已批准</translation>
    </message>
    <message>
        <source>stopped</source>
        <translation>已停电</translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation>已撤销</translation>
    </message>
    <message>
        <source>reconnected</source>
        <translation>已复电</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Refresh (F5)</source>
        <translation>刷新 (F5)</translation>
    </message>
    <message>
        <source>Request</source>
        <translation>申请</translation>
    </message>
    <message>
        <source>Account</source>
        <translation>户号</translation>
    </message>
    <message>
        <source>Class</source>
        <translation>客户类别</translation>
    </message>
    <message>
        <source>Planned</source>
        <translation>计划停电时间</translation>
    </message>
    <message>
        <source>Notice</source>
        <translation>通知单</translation>
    </message>
    <message>
        <source>Requested by</source>
        <translation>申请人</translation>
    </message>
    <message>
        <source>Approved by</source>
        <translation>批准人</translation>
    </message>
    <message>
        <source>Conditions</source>
        <translation>条件</translation>
    </message>
    <message>
        <source>Condition</source>
        <translation>条件</translation>
    </message>
    <message>
        <source>Detail</source>
        <translation>说明</translation>
    </message>
    <message>
        <source>Basis</source>
        <translation>依据</translation>
    </message>
    <message>
        <source>Approve (second supervisor)…</source>
        <translation>批准（第二位值班长）…</translation>
    </message>
    <message>
        <source>Cancel the request…</source>
        <translation>撤销申请…</translation>
    </message>
    <message>
        <source>Fetching stop-supply requests…</source>
        <translation>正在获取停电申请…</translation>
    </message>
    <message>
        <source>Stop-supply request {id} approved.</source>
        <translation>停电申请 {id} 已批准。</translation>
    </message>
    <message>
        <source>Not approved.</source>
        <translation>未批准。</translation>
    </message>
    <message>
        <source>A second supervisor approves stopping supply to account {account}.</source>
        <translation>停止向户号 {account} 供电须由第二位值班长批准。</translation>
    </message>
    <message>
        <source>Request {id} cancelled.</source>
        <translation>申请 {id} 已撤销。</translation>
    </message>
    <message>
        <source>Cancelling…</source>
        <translation>正在撤销…</translation>
    </message>
    <message>
        <source>Cancel stop-supply request {id}</source>
        <translation>撤销停电申请 {id}</translation>
    </message>
    <message>
        <source>Reason:</source>
        <translation>原因：</translation>
    </message>
</context>
<context>
    <name>SupervisorMenus</name>
    <message>
        <source>&amp;Shift</source>
        <translation>班次(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;Admin</source>
        <translation>管理(&amp;A)</translation>
    </message>
    <message>
        <source>Close shift…</source>
        <translation>交班…</translation>
    </message>
    <message>
        <source>Cash in…</source>
        <translation>现金存入…</translation>
    </message>
    <message>
        <source>Cash out…</source>
        <translation>现金取出…</translation>
    </message>
    <message>
        <source>Print X report</source>
        <translation>打印 X 报表</translation>
    </message>
    <message>
        <source>Shift reports…</source>
        <translation>班次报表…</translation>
    </message>
    <message>
        <source>Reconcile with the ledger…</source>
        <translation>对账…</translation>
    </message>
    <message>
        <source>Void a payment…</source>
        <translation>作废收款…</translation>
    </message>
    <message>
        <source>Refund prepaid credit…</source>
        <translation>退预存…</translation>
    </message>
    <message>
        <source>Waive a late fee…</source>
        <translation>减免违约金…</translation>
    </message>
    <message>
        <source>Audit trail…</source>
        <translation>审计日志…</translation>
    </message>
    <message>
        <source>Users…</source>
        <translation>用户管理…</translation>
    </message>
    <message>
        <source>Collections (arrears and dunning)…</source>
        <translation>催费管理（欠费与催费）…</translation>
    </message>
    <message>
        <source>Not done</source>
        <translation>未完成</translation>
    </message>
</context>
<context>
    <name>SupervisorPart</name>
    <message>
        <source>No shift is open: look-up only.</source>
        <translation>未开班：仅可查询。</translation>
    </message>
</context>
<context>
    <name>UserAdminDialog</name>
    <message>
        <source>Cashier</source>
        <translation>收费员</translation>
    </message>
    <message>
        <source>Supervisor</source>
        <translation>值班长</translation>
    </message>
    <message>
        <source>Technician</source>
        <translation>运维</translation>
    </message>
    <message>
        <source>Administrator</source>
        <translation>管理员</translation>
    </message>
    <message>
        <source>Users</source>
        <translation>用户管理</translation>
    </message>
    <message>
        <source>Add user</source>
        <translation>添加用户</translation>
    </message>
    <message>
        <source>User ID</source>
        <translation>工号</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>角色</translation>
    </message>
    <message>
        <source>PIN (4–8 digits)</source>
        <translation>密码（4–8 位数字）</translation>
    </message>
    <message>
        <source>New user</source>
        <translation>新用户</translation>
    </message>
    <message>
        <source>Disable</source>
        <translation>停用</translation>
    </message>
    <message>
        <source>Reset PIN</source>
        <translation>重置密码</translation>
    </message>
    <message>
        <source>Change role</source>
        <translation>更改角色</translation>
    </message>
    <message>
        <source>New PIN</source>
        <translation>新密码</translation>
    </message>
    <message>
        <source>Selected user</source>
        <translation>选中的用户</translation>
    </message>
    <message>
        <source>Enable</source>
        <translation>启用</translation>
    </message>
    <message>
        <source>User {user} added.</source>
        <translation>已添加用户 {user}。</translation>
    </message>
    <message>
        <source>User {user} enabled.</source>
        <translation>已启用用户 {user}。</translation>
    </message>
    <message>
        <source>User {user} disabled.</source>
        <translation>已停用用户 {user}。</translation>
    </message>
    <message>
        <source>PIN of {user} reset.</source>
        <translation>已重置 {user} 的密码。</translation>
    </message>
    <message>
        <source>Role of {user} changed.</source>
        <translation>已更改 {user} 的角色。</translation>
    </message>
</context>
<context>
    <name>UserAdminModel</name>
    <message>
        <source>User ID</source>
        <translation>工号</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>角色</translation>
    </message>
    <message>
        <source>Active</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Locked until</source>
        <translation>锁定至</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>是</translation>
    </message>
    <message>
        <source>disabled</source>
        <translation>已停用</translation>
    </message>
</context>
<context>
    <name>UsersModel</name>
    <message>
        <source>User ID</source>
        <translation>工号</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>角色</translation>
    </message>
    <message>
        <source>Demo PIN</source>
        <translation>演示密码</translation>
    </message>
</context>
<context>
    <name>VoidDialog</name>
    <message>
        <source>Void a payment</source>
        <translation>作废收款</translation>
    </message>
    <message>
        <source>Why is this payment void? (printed on the slip)</source>
        <translation>作废原因（打印在作废凭证上）</translation>
    </message>
    <message>
        <source>Void payment</source>
        <translation>作废</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>Payments of this shift on this counter. A supervisor approves the void with their own ID and PIN; the bills and prepaid credit are put back as they were.</source>
        <translation>本柜台本班次的收款。作废须值班长用本人工号和密码审批；电费账单和预存将恢复原状。</translation>
    </message>
    <message>
        <source>No payments in this shift.</source>
        <translation>本班次没有收款。</translation>
    </message>
    <message>
        <source>Supervisor: approve voiding receipt {receipt} ({amount}).</source>
        <translation>请值班长审批：作废收据 {receipt}（{amount}）。</translation>
    </message>
    <message>
        <source>Receipt {receipt} is void (approved by {approver}).</source>
        <translation>收据 {receipt} 已作废（审批人 {approver}）。</translation>
    </message>
</context>
<context>
    <name>WaiverDialog</name>
    <message>
        <source>Waive a late fee</source>
        <translation>减免违约金</translation>
    </message>
    <message>
        <source>Waive late fee</source>
        <translation>减免违约金</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>No late fee to waive on this account.</source>
        <translation>该户没有可减免的违约金。</translation>
    </message>
    <message>
        <source>Supervisor: approve waiving the late fee of {amount} on bill {period} of account {account}.</source>
        <translation>请值班长审批：减免户号 {account} {period} 账期的违约金 {amount}。</translation>
    </message>
    <message>
        <source>Late fee of {amount} waived.</source>
        <translation>已减免违约金 {amount}。</translation>
    </message>
</context>
</TS>
