<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US">
<context>
    <name>AccountApprovalDialog</name>
    <message>
        <source>Account number</source>
        <translation>Account number</translation>
    </message>
    <message>
        <source>Find</source>
        <translation>Find</translation>
    </message>
</context>
<context>
    <name>AdminPage</name>
    <message>
        <source>First administrator</source>
        <translation>First administrator</translation>
    </message>
    <message>
        <source>The administrator signs in first and adds cashiers and supervisors (Supervisor menu → Users).</source>
        <translation>The administrator signs in first and adds cashiers and supervisors (Supervisor menu → Users).</translation>
    </message>
    <message>
        <source>e.g. 9001</source>
        <translation>e.g. 9001</translation>
    </message>
    <message>
        <source>User id</source>
        <translation>User id</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>PIN</source>
        <translation>PIN</translation>
    </message>
    <message>
        <source>PIN again</source>
        <translation>PIN again</translation>
    </message>
    <message>
        <source>The two PINs differ.</source>
        <translation>The two PINs differ.</translation>
    </message>
</context>
<context>
    <name>AllocationTableModel</name>
    <message>
        <source>Period</source>
        <translation>Period</translation>
    </message>
    <message>
        <source>Late fee</source>
        <translation>Late fee</translation>
    </message>
    <message>
        <source>Bill</source>
        <translation>Bill</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>Total</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>Result</translation>
    </message>
    <message>
        <source>Prepaid credit</source>
        <translation>Prepaid credit</translation>
    </message>
    <message>
        <source>Kept as credit</source>
        <translation>Kept as credit</translation>
    </message>
    <message>
        <source>Settled</source>
        <translation>Settled</translation>
    </message>
    <message>
        <source>Part paid</source>
        <translation>Part paid</translation>
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
        <translation>Reason</translation>
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
        <translation>Give a reason.</translation>
    </message>
</context>
<context>
    <name>ArrearsTab</name>
    <message>
        <source>any area</source>
        <translation>any area</translation>
    </message>
    <message>
        <source>any age</source>
        <translation>any age</translation>
    </message>
    <message>
        <source>any user type</source>
        <translation>any user type</translation>
    </message>
    <message>
        <source>Residential</source>
        <translation>Residential</translation>
    </message>
    <message>
        <source>Non-residential</source>
        <translation>Non-residential</translation>
    </message>
    <message>
        <source>any level</source>
        <translation>any level</translation>
    </message>
    <message>
        <source>Query (F5)</source>
        <translation>Query (F5)</translation>
    </message>
    <message>
        <source>Next page</source>
        <translation>Next page</translation>
    </message>
    <message>
        <source>Export CSV… (Ctrl+E)</source>
        <translation>Export CSV… (Ctrl+E)</translation>
    </message>
    <message>
        <source>As of</source>
        <translation>As of</translation>
    </message>
    <message>
        <source>Area</source>
        <translation>Area</translation>
    </message>
    <message>
        <source>Age</source>
        <translation>Age</translation>
    </message>
    <message>
        <source>User type</source>
        <translation>User type</translation>
    </message>
    <message>
        <source>Level</source>
        <translation>Level</translation>
    </message>
    <message>
        <source>Account</source>
        <translation>Account</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>Type</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>Phone</translation>
    </message>
    <message>
        <source>Oldest due</source>
        <translation>Oldest due</translation>
    </message>
    <message>
        <source>Days overdue</source>
        <translation>Days overdue</translation>
    </message>
    <message>
        <source>Bills</source>
        <translation>Bills</translation>
    </message>
    <message>
        <source>Principal</source>
        <translation>Principal</translation>
    </message>
    <message>
        <source>Late fee</source>
        <translation>Late fee</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>Total</translation>
    </message>
    <message>
        <source>Lock / promise</source>
        <translation>Lock / promise</translation>
    </message>
    <message>
        <source>Repeat defaulter</source>
        <translation>Repeat defaulter</translation>
    </message>
    <message>
        <source>Fetching arrears…</source>
        <translation>Fetching arrears…</translation>
    </message>
    <message>
        <source>{n} accounts (showing {shown}); principal {principal}, late fees {late}, total {total}; this year {current}, earlier years {prior}</source>
        <translation>{n} accounts (showing {shown}); principal {principal}, late fees {late}, total {total}; this year {current}, earlier years {prior}</translation>
    </message>
    <message>
        <source>Export the arrears list</source>
        <translation>Export the arrears list</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>CSV files (*.csv)</translation>
    </message>
    <message>
        <source>Total (fen)</source>
        <translation>Total (fen)</translation>
    </message>
    <message>
        <source>{n} accounts written to {file}</source>
        <translation>{n} accounts written to {file}</translation>
    </message>
    <message>
        <source>Exporting…</source>
        <translation>Exporting…</translation>
    </message>
</context>
<context>
    <name>AuditModel</name>
    <message>
        <source>No.</source>
        <translation>No.</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Time</translation>
    </message>
    <message>
        <source>Counter</source>
        <translation>Counter</translation>
    </message>
    <message>
        <source>User</source>
        <translation>User</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>Action</translation>
    </message>
    <message>
        <source>What happened</source>
        <translation>What happened</translation>
    </message>
    <message>
        <source>Outcome</source>
        <translation>Outcome</translation>
    </message>
</context>
<context>
    <name>AuditText</name>
    <message>
        <source>Sign-in of {user}: {outcome}</source>
        <translation>Sign-in of {user}: {outcome}</translation>
    </message>
    <message>
        <source>{user} signed in</source>
        <translation>{user} signed in</translation>
    </message>
    <message>
        <source>Payment of {amount} for account {account_no}, receipt {receipt_no} ({tenders})</source>
        <translation>Payment of {amount} for account {account_no}, receipt {receipt_no} ({tenders})</translation>
    </message>
    <message>
        <source>Receipt {receipt_no} ({amount}) voided, approved by {approved_by}: {reason}</source>
        <translation>Receipt {receipt_no} ({amount}) voided, approved by {approved_by}: {reason}</translation>
    </message>
    <message>
        <source>Credit of {amount} refunded to account {account_no} (receipt {receipt_no}), approved by {approved_by}: {reason}</source>
        <translation>Credit of {amount} refunded to account {account_no} (receipt {receipt_no}), approved by {approved_by}: {reason}</translation>
    </message>
    <message>
        <source>Late fee {waived} of period {period} waived, approved by {approved_by}: {reason}</source>
        <translation>Late fee {waived} of period {period} waived, approved by {approved_by}: {reason}</translation>
    </message>
    <message>
        <source>{approver_id} approved: {action} ({reason})</source>
        <translation>{approver_id} approved: {action} ({reason})</translation>
    </message>
    <message>
        <source>Approval by {approver_id} for {action} refused: {outcome}</source>
        <translation>Approval by {approver_id} for {action} refused: {outcome}</translation>
    </message>
    <message>
        <source>{approver_id} ({approver_role}) approved by exception ({basis}): {action} ({reason})</source>
        <translation>{approver_id} ({approver_role}) approved by exception ({basis}): {action} ({reason})</translation>
    </message>
    <message>
        <source>Shift {shift} opened with a float of {float}</source>
        <translation>Shift {shift} opened with a float of {float}</translation>
    </message>
    <message>
        <source>Close of shift {shift} begun: blind count</source>
        <translation>Close of shift {shift} begun: blind count</translation>
    </message>
    <message>
        <source>Shift {shift} counted: cash {counted}, cash over/short {over_short_cash}</source>
        <translation>Shift {shift} counted: cash {counted}, cash over/short {over_short_cash}</translation>
    </message>
    <message>
        <source>Shift {shift} signed off ({unsent_payments} payments not yet sent)</source>
        <translation>Shift {shift} signed off ({unsent_payments} payments not yet sent)</translation>
    </message>
    <message>
        <source>Shift {shift} closed: takings {payment_total}, over/short {over_short}</source>
        <translation>Shift {shift} closed: takings {payment_total}, over/short {over_short}</translation>
    </message>
    <message>
        <source>X report of shift {shift} (takings {payment_total})</source>
        <translation>X report of shift {shift} (takings {payment_total})</translation>
    </message>
    <message>
        <source>Cash in of {amount} to shift {shift}: {reason}</source>
        <translation>Cash in of {amount} to shift {shift}: {reason}</translation>
    </message>
    <message>
        <source>Cash out of {amount} from shift {shift}: {reason}</source>
        <translation>Cash out of {amount} from shift {shift}: {reason}</translation>
    </message>
    <message>
        <source>Cash drawer opened for a payment</source>
        <translation>Cash drawer opened for a payment</translation>
    </message>
    <message>
        <source>Cash drawer did not open: {error}</source>
        <translation>Cash drawer did not open: {error}</translation>
    </message>
    <message>
        <source>Cash drawer opened without a sale</source>
        <translation>Cash drawer opened without a sale</translation>
    </message>
    <message>
        <source>Cash drawer did not open (no sale): {error}</source>
        <translation>Cash drawer did not open (no sale): {error}</translation>
    </message>
    <message>
        <source>Phone of account {account} changed from {old} to {new}</source>
        <translation>Phone of account {account} changed from {old} to {new}</translation>
    </message>
    <message>
        <source>Phone {new} of account {account} verified with the customer</source>
        <translation>Phone {new} of account {account} verified with the customer</translation>
    </message>
    <message>
        <source>User {user} added: {name}, {role}</source>
        <translation>User {user} added: {name}, {role}</translation>
    </message>
    <message>
        <source>User {user} enabled</source>
        <translation>User {user} enabled</translation>
    </message>
    <message>
        <source>User {user} disabled</source>
        <translation>User {user} disabled</translation>
    </message>
    <message>
        <source>PIN of user {user} reset</source>
        <translation>PIN of user {user} reset</translation>
    </message>
    <message>
        <source>Role of user {user} changed from {from} to {to}</source>
        <translation>Role of user {user} changed from {from} to {to}</translation>
    </message>
    <message>
        <source>Customers imported from {file}: {rows} rows, {inserted} new, {updated} updated</source>
        <translation>Customers imported from {file}: {rows} rows, {inserted} new, {updated} updated</translation>
    </message>
    <message>
        <source>Bills imported from {file}: {rows} rows, {inserted} new, {updated} updated</source>
        <translation>Bills imported from {file}: {rows} rows, {inserted} new, {updated} updated</translation>
    </message>
    <message>
        <source>Offline too long: card payments refused ({queued} payments queued, {hours_offline} h offline)</source>
        <translation>Offline too long: card payments refused ({queued} payments queued, {hours_offline} h offline)</translation>
    </message>
    <message>
        <source>Back within the offline limits: card payments allowed again</source>
        <translation>Back within the offline limits: card payments allowed again</translation>
    </message>
    <message>
        <source>The ledger refused {target_kind} {target_id}: on the review list</source>
        <translation>The ledger refused {target_kind} {target_id}: on the review list</translation>
    </message>
    <message>
        <source>The ledger flagged {target_kind} {target_id} for review</source>
        <translation>The ledger flagged {target_kind} {target_id} for review</translation>
    </message>
    <message>
        <source>Card reference of {target_kind} {target_id} corrected from {old} to {new} and sent again: {reason}</source>
        <translation>Card reference of {target_kind} {target_id} corrected from {old} to {new} and sent again: {reason}</translation>
    </message>
    <message>
        <source>Queued items sealed into the audit trail</source>
        <translation>Queued items sealed into the audit trail</translation>
    </message>
    <message>
        <source>Dunning run proposed as of {as_of} ({customer_class}): {outcome}</source>
        <translation>Dunning run proposed as of {as_of} ({customer_class}): {outcome}</translation>
    </message>
    <message>
        <source>Dunning run {run_id}: line of account {account_no} changed: {outcome}</source>
        <translation>Dunning run {run_id}: line of account {account_no} changed: {outcome}</translation>
    </message>
    <message>
        <source>Dunning run {run_id} executed: {outcome}</source>
        <translation>Dunning run {run_id} executed: {outcome}</translation>
    </message>
    <message>
        <source>Dunning run {run_id} reversed ({reason}): {outcome}</source>
        <translation>Dunning run {run_id} reversed ({reason}): {outcome}</translation>
    </message>
    <message>
        <source>Delivery of notice {number} recorded ({method}, signed by {signed_by}): {outcome}</source>
        <translation>Delivery of notice {number} recorded ({method}, signed by {signed_by}): {outcome}</translation>
    </message>
    <message>
        <source>Stop-supply request {request_id} approved by {approver_id}: {outcome}</source>
        <translation>Stop-supply request {request_id} approved by {approver_id}: {outcome}</translation>
    </message>
    <message>
        <source>Stop-supply request {request_id} cancelled ({reason}): {outcome}</source>
        <translation>Stop-supply request {request_id} cancelled ({reason}): {outcome}</translation>
    </message>
    <message>
        <source>Reconnection task {task_id} closed: {outcome}</source>
        <translation>Reconnection task {task_id} closed: {outcome}</translation>
    </message>
    <message>
        <source>SMS template {name} drafted: {outcome}</source>
        <translation>SMS template {name} drafted: {outcome}</translation>
    </message>
    <message>
        <source>SMS template {template_id} approved: {outcome}</source>
        <translation>SMS template {template_id} approved: {outcome}</translation>
    </message>
    <message>
        <source>Store restored from backup {backup} (previous store kept as {previous_store}); {lost} queued item(s) dropped</source>
        <translation>Store restored from backup {backup} (previous store kept as {previous_store}); {lost} queued item(s) dropped</translation>
    </message>
    <message>
        <source>done</source>
        <translation>done</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>failed</translation>
    </message>
    <message>
        <source>for review</source>
        <translation>for review</translation>
    </message>
    <message>
        <source>alert</source>
        <translation>alert</translation>
    </message>
    <message>
        <source>wrong PIN</source>
        <translation>wrong PIN</translation>
    </message>
    <message>
        <source>unknown user</source>
        <translation>unknown user</translation>
    </message>
    <message>
        <source>user disabled</source>
        <translation>user disabled</translation>
    </message>
    <message>
        <source>locked</source>
        <translation>locked</translation>
    </message>
    <message>
        <source>wrong PIN, now locked</source>
        <translation>wrong PIN, now locked</translation>
    </message>
    <message>
        <source>refused</source>
        <translation>refused</translation>
    </message>
    <message>
        <source>payment</source>
        <translation>payment</translation>
    </message>
    <message>
        <source>void</source>
        <translation>void</translation>
    </message>
    <message>
        <source>refund</source>
        <translation>refund</translation>
    </message>
    <message>
        <source>shift report</source>
        <translation>shift report</translation>
    </message>
    <message>
        <source>audit head</source>
        <translation>audit head</translation>
    </message>
    <message>
        <source>cash</source>
        <translation>cash</translation>
    </message>
    <message>
        <source>bank card</source>
        <translation>bank card</translation>
    </message>
    <message>
        <source>cashier</source>
        <translation>cashier</translation>
    </message>
    <message>
        <source>supervisor</source>
        <translation>supervisor</translation>
    </message>
    <message>
        <source>technician</source>
        <translation>technician</translation>
    </message>
    <message>
        <source>administrator</source>
        <translation>administrator</translation>
    </message>
    <message>
        <source>void a payment</source>
        <translation>void a payment</translation>
    </message>
    <message>
        <source>waive a late fee</source>
        <translation>waive a late fee</translation>
    </message>
    <message>
        <source>cash out</source>
        <translation>cash out</translation>
    </message>
    <message>
        <source>close a shift</source>
        <translation>close a shift</translation>
    </message>
    <message>
        <source>refund credit</source>
        <translation>refund credit</translation>
    </message>
    <message>
        <source>the hall&apos;s named second approver</source>
        <translation>the hall&apos;s named second approver</translation>
    </message>
    <message>
        <source>administrator override</source>
        <translation>administrator override</translation>
    </message>
    <message>
        <source>open the drawer without a sale</source>
        <translation>open the drawer without a sale</translation>
    </message>
    <message>
        <source>reprint beyond the limit</source>
        <translation>reprint beyond the limit</translation>
    </message>
    <message>
        <source>close with unsent payments</source>
        <translation>close with unsent payments</translation>
    </message>
    <message>
        <source>exceed the offline limit</source>
        <translation>exceed the offline limit</translation>
    </message>
    <message>
        <source>approve a stop-supply request</source>
        <translation>approve a stop-supply request</translation>
    </message>
    <message>
        <source>work the arrears</source>
        <translation>work the arrears</translation>
    </message>
    <message>
        <source>outcome unknown</source>
        <translation>outcome unknown</translation>
    </message>
    <message>
        <source>card payments offline</source>
        <translation>card payments offline</translation>
    </message>
    <message>
        <source>hours offline</source>
        <translation>hours offline</translation>
    </message>
    <message>
        <source>payments queued</source>
        <translation>payments queued</translation>
    </message>
    <message>
        <source>Sign-in</source>
        <translation>Sign-in</translation>
    </message>
    <message>
        <source>Payment</source>
        <translation>Payment</translation>
    </message>
    <message>
        <source>Void</source>
        <translation>Void</translation>
    </message>
    <message>
        <source>Credit refund</source>
        <translation>Credit refund</translation>
    </message>
    <message>
        <source>Late fee waiver</source>
        <translation>Late fee waiver</translation>
    </message>
    <message>
        <source>Approval</source>
        <translation>Approval</translation>
    </message>
    <message>
        <source>Approval refused</source>
        <translation>Approval refused</translation>
    </message>
    <message>
        <source>Approval by exception</source>
        <translation>Approval by exception</translation>
    </message>
    <message>
        <source>Shift opened</source>
        <translation>Shift opened</translation>
    </message>
    <message>
        <source>Close begun</source>
        <translation>Close begun</translation>
    </message>
    <message>
        <source>Blind count</source>
        <translation>Blind count</translation>
    </message>
    <message>
        <source>Sign-off</source>
        <translation>Sign-off</translation>
    </message>
    <message>
        <source>Shift closed</source>
        <translation>Shift closed</translation>
    </message>
    <message>
        <source>X report</source>
        <translation>X report</translation>
    </message>
    <message>
        <source>Cash in</source>
        <translation>Cash in</translation>
    </message>
    <message>
        <source>Cash out</source>
        <translation>Cash out</translation>
    </message>
    <message>
        <source>Cash drawer</source>
        <translation>Cash drawer</translation>
    </message>
    <message>
        <source>Cash drawer, no sale</source>
        <translation>Cash drawer, no sale</translation>
    </message>
    <message>
        <source>Phone changed</source>
        <translation>Phone changed</translation>
    </message>
    <message>
        <source>Phone verified</source>
        <translation>Phone verified</translation>
    </message>
    <message>
        <source>User added</source>
        <translation>User added</translation>
    </message>
    <message>
        <source>User enabled</source>
        <translation>User enabled</translation>
    </message>
    <message>
        <source>User disabled</source>
        <translation>User disabled</translation>
    </message>
    <message>
        <source>PIN reset</source>
        <translation>PIN reset</translation>
    </message>
    <message>
        <source>Role changed</source>
        <translation>Role changed</translation>
    </message>
    <message>
        <source>Customer import</source>
        <translation>Customer import</translation>
    </message>
    <message>
        <source>Bill import</source>
        <translation>Bill import</translation>
    </message>
    <message>
        <source>Offline limit</source>
        <translation>Offline limit</translation>
    </message>
    <message>
        <source>Offline limit cleared</source>
        <translation>Offline limit cleared</translation>
    </message>
    <message>
        <source>Refused by the ledger</source>
        <translation>Refused by the ledger</translation>
    </message>
    <message>
        <source>Ledger review</source>
        <translation>Ledger review</translation>
    </message>
    <message>
        <source>Corrected and resent</source>
        <translation>Corrected and resent</translation>
    </message>
    <message>
        <source>Store restored</source>
        <translation>Store restored</translation>
    </message>
    <message>
        <source>Queue sealed</source>
        <translation>Queue sealed</translation>
    </message>
    <message>
        <source>Dunning run</source>
        <translation>Dunning run</translation>
    </message>
    <message>
        <source>Dunning line</source>
        <translation>Dunning line</translation>
    </message>
    <message>
        <source>Dunning executed</source>
        <translation>Dunning executed</translation>
    </message>
    <message>
        <source>Dunning reversed</source>
        <translation>Dunning reversed</translation>
    </message>
    <message>
        <source>Notice delivered</source>
        <translation>Notice delivered</translation>
    </message>
    <message>
        <source>Stop supply approved</source>
        <translation>Stop supply approved</translation>
    </message>
    <message>
        <source>Stop supply cancelled</source>
        <translation>Stop supply cancelled</translation>
    </message>
    <message>
        <source>Reconnection closed</source>
        <translation>Reconnection closed</translation>
    </message>
    <message>
        <source>SMS template</source>
        <translation>SMS template</translation>
    </message>
    <message>
        <source>SMS template approved</source>
        <translation>SMS template approved</translation>
    </message>
    <message>
        <source>Payments and voids</source>
        <translation>Payments and voids</translation>
    </message>
    <message>
        <source>Approvals</source>
        <translation>Approvals</translation>
    </message>
    <message>
        <source>Sign-ins</source>
        <translation>Sign-ins</translation>
    </message>
    <message>
        <source>Users</source>
        <translation>Users</translation>
    </message>
    <message>
        <source>Cash drawer and cash in/out</source>
        <translation>Cash drawer and cash in/out</translation>
    </message>
    <message>
        <source>Shifts</source>
        <translation>Shifts</translation>
    </message>
    <message>
        <source>Credit refunds</source>
        <translation>Credit refunds</translation>
    </message>
    <message>
        <source>Late fee waivers</source>
        <translation>Late fee waivers</translation>
    </message>
    <message>
        <source>Reports</source>
        <translation>Reports</translation>
    </message>
    <message>
        <source>Phone numbers</source>
        <translation>Phone numbers</translation>
    </message>
    <message>
        <source>Imports</source>
        <translation>Imports</translation>
    </message>
    <message>
        <source>Ledger and offline</source>
        <translation>Ledger and offline</translation>
    </message>
    <message>
        <source>Upload queue</source>
        <translation>Upload queue</translation>
    </message>
</context>
<context>
    <name>AuditView</name>
    <message>
        <source>Audit trail</source>
        <translation>Audit trail</translation>
    </message>
    <message>
        <source>Dates</source>
        <translation>Dates</translation>
    </message>
    <message>
        <source>User ID</source>
        <translation>User ID</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>Action</translation>
    </message>
    <message>
        <source>Search</source>
        <translation>Search</translation>
    </message>
    <message>
        <source>Verify chain</source>
        <translation>Verify chain</translation>
    </message>
    <message>
        <source>{count} entries</source>
        <translation>{count} entries</translation>
    </message>
    <message>
        <source>Checking every entry…</source>
        <translation>Checking every entry…</translation>
    </message>
    <message>
        <source>The audit chain is intact.</source>
        <translation>The audit chain is intact.</translation>
    </message>
    <message>
        <source>The audit chain is broken at entry {seq}: it was changed, deleted or moved after it was written.</source>
        <translation>The audit chain is broken at entry {seq}: it was changed, deleted or moved after it was written.</translation>
    </message>
</context>
<context>
    <name>BackupsPart</name>
    <message>
        <source>Backup failed: %1</source>
        <translation>Backup failed: %1</translation>
    </message>
</context>
<context>
    <name>BillsPanel</name>
    <message>
        <source>Open bills</source>
        <translation>Open bills</translation>
    </message>
    <message>
        <source>Total due</source>
        <translation>Total due</translation>
    </message>
    <message>
        <source>No open bills. A payment now is kept as prepaid credit.</source>
        <translation>No open bills. A payment now is kept as prepaid credit.</translation>
    </message>
    <message>
        <source>* Late fees are provisional while the central ledger is offline.</source>
        <translation>* Late fees are provisional while the central ledger is offline.</translation>
    </message>
</context>
<context>
    <name>BillsTableModel</name>
    <message>
        <source>Period</source>
        <translation>Period</translation>
    </message>
    <message>
        <source>kWh</source>
        <translation>kWh</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>Amount</translation>
    </message>
    <message>
        <source>Late fee</source>
        <translation>Late fee</translation>
    </message>
    <message>
        <source>Due date</source>
        <translation>Due date</translation>
    </message>
    <message>
        <source>Days overdue</source>
        <translation>Days overdue</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Part paid</source>
        <translation>Part paid</translation>
    </message>
    <message>
        <source>Paid</source>
        <translation>Paid</translation>
    </message>
    <message>
        <source>Unpaid</source>
        <translation>Unpaid</translation>
    </message>
    <message>
        <source>Bill {amount}, of which {owed} still owed</source>
        <translation>Bill {amount}, of which {owed} still owed</translation>
    </message>
    <message>
        <source>Provisional: the central ledger is offline and may re-assess it</source>
        <translation>Provisional: the central ledger is offline and may re-assess it</translation>
    </message>
</context>
<context>
    <name>CardReaderSetupDialog</name>
    <message>
        <source>Card reader setup</source>
        <translation>Card reader setup</translation>
    </message>
    <message>
        <source>COM3, /dev/ttyUSB0, socket://host:port, rfc2217://host:port</source>
        <translation>COM3, /dev/ttyUSB0, socket://host:port, rfc2217://host:port</translation>
    </message>
    <message>
        <source> s</source>
        <translation> s</translation>
    </message>
    <message>
        <source>Start test</source>
        <translation>Start test</translation>
    </message>
    <message>
        <source>Not running</source>
        <translation>Not running</translation>
    </message>
    <message>
        <source>Serial ports found</source>
        <translation>Serial ports found</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>Settings</translation>
    </message>
    <message>
        <source>Port URL</source>
        <translation>Port URL</translation>
    </message>
    <message>
        <source>Protocol</source>
        <translation>Protocol</translation>
    </message>
    <message>
        <source>Baud rate</source>
        <translation>Baud rate</translation>
    </message>
    <message>
        <source>Data bits</source>
        <translation>Data bits</translation>
    </message>
    <message>
        <source>Parity</source>
        <translation>Parity</translation>
    </message>
    <message>
        <source>Stop bits</source>
        <translation>Stop bits</translation>
    </message>
    <message>
        <source>Ignore the same card for</source>
        <translation>Ignore the same card for</translation>
    </message>
    <message>
        <source>Account number digits</source>
        <translation>Account number digits</translation>
    </message>
    <message>
        <source>Live test</source>
        <translation>Live test</translation>
    </message>
    <message>
        <source>Last card:</source>
        <translation>Last card:</translation>
    </message>
    <message>
        <source>Bytes received (hex)</source>
        <translation>Bytes received (hex)</translation>
    </message>
    <message>
        <source>Frames</source>
        <translation>Frames</translation>
    </message>
    <message>
        <source>Not saved: {0}</source>
        <translation>Not saved: {0}</translation>
    </message>
    <message>
        <source>No serial ports found; type a port URL.</source>
        <translation>No serial ports found; type a port URL.</translation>
    </message>
    <message>
        <source>Stop test</source>
        <translation>Stop test</translation>
    </message>
    <message>
        <source>No port set</source>
        <translation>No port set</translation>
    </message>
    <message>
        <source>Connecting…</source>
        <translation>Connecting…</translation>
    </message>
    <message>
        <source>Connected</source>
        <translation>Connected</translation>
    </message>
    <message>
        <source>Disconnected; retrying</source>
        <translation>Disconnected; retrying</translation>
    </message>
    <message>
        <source>bad check byte (BCC)</source>
        <translation>bad check byte (BCC)</translation>
    </message>
    <message>
        <source>not all digits</source>
        <translation>not all digits</translation>
    </message>
    <message>
        <source>wrong number of digits</source>
        <translation>wrong number of digits</translation>
    </message>
    <message>
        <source>too long, no end mark</source>
        <translation>too long, no end mark</translation>
    </message>
    <message>
        <source>cut off by the next frame</source>
        <translation>cut off by the next frame</translation>
    </message>
    <message>
        <source>unfinished frame</source>
        <translation>unfinished frame</translation>
    </message>
    <message>
        <source>bytes outside a frame</source>
        <translation>bytes outside a frame</translation>
    </message>
</context>
<context>
    <name>CashMovementDialog</name>
    <message>
        <source>Cash out</source>
        <translation>Cash out</translation>
    </message>
    <message>
        <source>Cash in</source>
        <translation>Cash in</translation>
    </message>
    <message>
        <source>Amount (¥)</source>
        <translation>Amount (¥)</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Reason</translation>
    </message>
    <message>
        <source>Supervisor id</source>
        <translation>Supervisor id</translation>
    </message>
    <message>
        <source>Supervisor PIN</source>
        <translation>Supervisor PIN</translation>
    </message>
    <message>
        <source>Take {amount} out of the drawer?
Reason: {reason}</source>
        <translation>Take {amount} out of the drawer?
Reason: {reason}</translation>
    </message>
    <message>
        <source>{amount} taken out of the drawer (approved by {approver}). The slip is printing: sign it and keep it with the cash.</source>
        <translation>{amount} taken out of the drawer (approved by {approver}). The slip is printing: sign it and keep it with the cash.</translation>
    </message>
    <message>
        <source>{amount} put into the drawer. The slip is printing.</source>
        <translation>{amount} put into the drawer. The slip is printing.</translation>
    </message>
</context>
<context>
    <name>ChartsTab</name>
    <message>
        <source>Refresh (F5)</source>
        <translation>Refresh (F5)</translation>
    </message>
    <message>
        <source>Recovery from</source>
        <translation>Recovery from</translation>
    </message>
    <message>
        <source>to</source>
        <translation>to</translation>
    </message>
    <message>
        <source>Query the arrears list to see its aging.</source>
        <translation>Query the arrears list to see its aging.</translation>
    </message>
    <message>
        <source>No billing in these months.</source>
        <translation>No billing in these months.</translation>
    </message>
    <message>
        <source>Area</source>
        <translation>Area</translation>
    </message>
    <message>
        <source>Billed</source>
        <translation>Billed</translation>
    </message>
    <message>
        <source>Collected</source>
        <translation>Collected</translation>
    </message>
    <message>
        <source>Recovery rate</source>
        <translation>Recovery rate</translation>
    </message>
    <message>
        <source>Account</source>
        <translation>Account</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Owes</source>
        <translation>Owes</translation>
    </message>
    <message>
        <source>Arrears by age as of {day} ({n} accounts)</source>
        <translation>Arrears by age as of {day} ({n} accounts)</translation>
    </message>
    <message>
        <source>Fetching the recovery rate…</source>
        <translation>Fetching the recovery rate…</translation>
    </message>
    <message>
        <source>Recovery rate by month</source>
        <translation>Recovery rate by month</translation>
    </message>
</context>
<context>
    <name>CollectionsWorkspace</name>
    <message>
        <source>Offline: showing data synced at {when}</source>
        <translation>Offline: showing data synced at {when}</translation>
    </message>
    <message>
        <source>¥{n} ten-thousand</source>
        <translation>¥{n} ten-thousand</translation>
    </message>
    <message>
        <source>Collections</source>
        <translation>Collections</translation>
    </message>
    <message>
        <source>Arrears list</source>
        <translation>Arrears list</translation>
    </message>
    <message>
        <source>Aging and recovery</source>
        <translation>Aging and recovery</translation>
    </message>
    <message>
        <source>Dunning runs</source>
        <translation>Dunning runs</translation>
    </message>
    <message>
        <source>Notices</source>
        <translation>Notices</translation>
    </message>
    <message>
        <source>SMS</source>
        <translation>SMS</translation>
    </message>
    <message>
        <source>Stop supply</source>
        <translation>Stop supply</translation>
    </message>
    <message>
        <source>Reconnections</source>
        <translation>Reconnections</translation>
    </message>
    <message>
        <source>OK</source>
        <translation>OK</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>Saved as {file}</source>
        <translation>Saved as {file}</translation>
    </message>
    <message>
        <source>Residential</source>
        <translation>Residential</translation>
    </message>
    <message>
        <source>Non-residential</source>
        <translation>Non-residential</translation>
    </message>
    <message>
        <source>Important users</source>
        <translation>Important users</translation>
    </message>
    <message>
        <source>every class</source>
        <translation>every class</translation>
    </message>
    <message>
        <source> (unverified)</source>
        <translation> (unverified)</translation>
    </message>
    <message>
        <source> (vacant)</source>
        <translation> (vacant)</translation>
    </message>
    <message>
        <source> (invalid)</source>
        <translation> (invalid)</translation>
    </message>
    <message>
        <source>none</source>
        <translation>none</translation>
    </message>
    <message>
        <source>locked until {day}</source>
        <translation>locked until {day}</translation>
    </message>
    <message>
        <source>promise {day}</source>
        <translation>promise {day}</translation>
    </message>
    <message>
        <source>proposal</source>
        <translation>proposal</translation>
    </message>
    <message>
        <source>executed</source>
        <translation>executed</translation>
    </message>
    <message>
        <source>reversed</source>
        <translation>reversed</translation>
    </message>
    <message>
        <source>SMS reminder</source>
        <translation>SMS reminder</translation>
    </message>
    <message>
        <source>Reminder notice</source>
        <translation>Reminder notice</translation>
    </message>
    <message>
        <source>Stop-supply notice</source>
        <translation>Stop-supply notice</translation>
    </message>
    <message>
        <source>stop-supply request</source>
        <translation>stop-supply request</translation>
    </message>
    <message>
        <source>pending</source>
        <translation>pending</translation>
    </message>
    <message>
        <source>delivered</source>
        <translation>delivered</translation>
    </message>
    <message>
        <source>settled</source>
        <translation>settled</translation>
    </message>
    <message>
        <source>superseded</source>
        <translation>superseded</translation>
    </message>
    <message>
        <source>draft</source>
        <translation>draft</translation>
    </message>
    <message>
        <source>approved</source>
        <translation>approved</translation>
    </message>
    <message>
        <source>retired</source>
        <translation>retired</translation>
    </message>
    <message>
        <source>queued</source>
        <translation>queued</translation>
    </message>
    <message>
        <source>sent</source>
        <translation>sent</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>failed</translation>
    </message>
    <message>
        <source>unknown (being asked)</source>
        <translation>unknown (being asked)</translation>
    </message>
    <message>
        <source>vacant number</source>
        <translation>vacant number</translation>
    </message>
    <message>
        <source>sending</source>
        <translation>sending</translation>
    </message>
    <message>
        <source>opted out</source>
        <translation>opted out</translation>
    </message>
    <message>
        <source>no phone</source>
        <translation>no phone</translation>
    </message>
    <message>
        <source>expired</source>
        <translation>expired</translation>
    </message>
    <message>
        <source>refused by the provider</source>
        <translation>refused by the provider</translation>
    </message>
    <message>
        <source>requested</source>
        <translation>requested</translation>
    </message>
    <message>
        <source>reconnected</source>
        <translation>reconnected</translation>
    </message>
    <message>
        <source>stopped</source>
        <translation>stopped</translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation>cancelled</translation>
    </message>
    <message>
        <source>open</source>
        <translation>open</translation>
    </message>
    <message>
        <source>closed</source>
        <translation>closed</translation>
    </message>
    <message>
        <source>overdue</source>
        <translation>overdue</translation>
    </message>
    <message>
        <source>Overdue more than 30 days</source>
        <translation>Overdue more than 30 days</translation>
    </message>
    <message>
        <source>A reminder was delivered</source>
        <translation>A reminder was delivered</translation>
    </message>
    <message>
        <source>Written notice delivered within the notice window</source>
        <translation>Written notice delivered within the notice window</translation>
    </message>
    <message>
        <source>Regulator notified (important user)</source>
        <translation>Regulator notified (important user)</translation>
    </message>
    <message>
        <source>Approved by a second person</source>
        <translation>Approved by a second person</translation>
    </message>
    <message>
        <source>Customer told again before the stop</source>
        <translation>Customer told again before the stop</translation>
    </message>
    <message>
        <source>overdue by {h} h</source>
        <translation>overdue by {h} h</translation>
    </message>
    <message>
        <source>{h} h {m} min</source>
        <translation>{h} h {m} min</translation>
    </message>
</context>
<context>
    <name>ConfirmPaymentDialog</name>
    <message>
        <source>Confirm payment</source>
        <translation>Confirm payment</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>Customer</translation>
    </message>
    <message>
        <source>Total due</source>
        <translation>Total due</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>Amount</translation>
    </message>
    <message>
        <source>{amount} (tendered {tendered})</source>
        <translation>{amount} (tendered {tendered})</translation>
    </message>
    <message>
        <source>Cash</source>
        <translation>Cash</translation>
    </message>
    <message>
        <source>{amount}  card {card}  RRN {ref}  auth {auth}</source>
        <translation>{amount}  card {card}  RRN {ref}  auth {auth}</translation>
    </message>
    <message>
        <source>Bank card</source>
        <translation>Bank card</translation>
    </message>
    <message>
        <source>Change</source>
        <translation>Change</translation>
    </message>
    <message>
        <source>Part payment: {left} stays owed.</source>
        <translation>Part payment: {left} stays owed.</translation>
    </message>
    <message>
        <source>{credit} becomes prepaid credit.</source>
        <translation>{credit} becomes prepaid credit.</translation>
    </message>
    <message>
        <source>Confirm (Enter)</source>
        <translation>Confirm (Enter)</translation>
    </message>
    <message>
        <source>Back (Esc)</source>
        <translation>Back (Esc)</translation>
    </message>
    <message>
        <source>Allocation (oldest bill first, late fee first)</source>
        <translation>Allocation (oldest bill first, late fee first)</translation>
    </message>
</context>
<context>
    <name>CounterPage</name>
    <message>
        <source>F2 search · Enter open/confirm · F5 cash · F6 card · F7 cash + card · F8 phone · F9 reprint · F12 lock · Esc clear</source>
        <translation>F2 search · Enter open/confirm · F5 cash · F6 card · F7 cash + card · F8 phone · F9 reprint · F12 lock · Esc clear</translation>
    </message>
    <message>
        <source>Searching “{query}”…</source>
        <translation>Searching “{query}”…</translation>
    </message>
    <message>
        <source>Opening {account}…</source>
        <translation>Opening {account}…</translation>
    </message>
    <message>
        <source>No customer matches “{query}”.</source>
        <translation>No customer matches “{query}”.</translation>
    </message>
    <message>
        <source>First {n} matches — type more to narrow the search.</source>
        <translation>First {n} matches — type more to narrow the search.</translation>
    </message>
    <message>
        <source>{n} customers match. ↑↓ choose, Enter open, Esc back.</source>
        <translation>{n} customers match. ↑↓ choose, Enter open, Esc back.</translation>
    </message>
    <message>
        <source>Ask for a mobile number (F8), then take the payment.</source>
        <translation>Ask for a mobile number (F8), then take the payment.</translation>
    </message>
    <message>
        <source>Look-up only: {reason}</source>
        <translation>Look-up only: {reason}</translation>
    </message>
    <message>
        <source>your role does not take payments.</source>
        <translation>your role does not take payments.</translation>
    </message>
    <message>
        <source>no shift is open on this counter.</source>
        <translation>no shift is open on this counter.</translation>
    </message>
    <message>
        <source>Phone number verified.</source>
        <translation>Phone number verified.</translation>
    </message>
    <message>
        <source>Phone number saved.</source>
        <translation>Phone number saved.</translation>
    </message>
    <message>
        <source>Saving the payment…</source>
        <translation>Saving the payment…</translation>
    </message>
    <message>
        <source>A supervisor may approve this card payment; otherwise take cash.</source>
        <translation>A supervisor may approve this card payment; otherwise take cash.</translation>
    </message>
    <message>
        <source>card payment while the ledger is offline</source>
        <translation>card payment while the ledger is offline</translation>
    </message>
    <message>
        <source>The payment was NOT saved.</source>
        <translation>The payment was NOT saved.</translation>
    </message>
</context>
<context>
    <name>CounterPart</name>
    <message>
        <source>Card read</source>
        <translation>Card read</translation>
    </message>
    <message>
        <source>A card for account {new} was read while the payment for {current} is open.
Switch to {new}? What was typed for {current} is dropped.</source>
        <translation>A card for account {new} was read while the payment for {current} is open.
Switch to {new}? What was typed for {current} is dropped.</translation>
    </message>
</context>
<context>
    <name>CounterStatusBar</name>
    <message>
        <source>Printer: {state}</source>
        <translation>Printer: {state}</translation>
    </message>
    <message numerus="yes">
        <source>%n waiting to print</source>
        <translation>
            <numerusform>%n waiting to print</numerusform>
            <numerusform>%n waiting to print</numerusform>
        </translation>
    </message>
    <message>
        <source>Reader: {state}</source>
        <translation>Reader: {state}</translation>
    </message>
    <message>
        <source>Shift #{id}</source>
        <translation>Shift #{id}</translation>
    </message>
    <message>
        <source>No shift open</source>
        <translation>No shift open</translation>
    </message>
    <message>
        <source>{role}: {id} {name}</source>
        <translation>{role}: {id} {name}</translation>
    </message>
    <message>
        <source>Not signed in</source>
        <translation>Not signed in</translation>
    </message>
    <message>
        <source>Ledger: checking…</source>
        <translation>Ledger: checking…</translation>
    </message>
    <message>
        <source>never</source>
        <translation>never</translation>
    </message>
    <message>
        <source>online</source>
        <translation>online</translation>
    </message>
    <message>
        <source>offline</source>
        <translation>offline</translation>
    </message>
    <message>
        <source>offline (not set up)</source>
        <translation>offline (not set up)</translation>
    </message>
    <message>
        <source>● Ledger {state} · queued {queued} · last sync {when}</source>
        <translation>● Ledger {state} · queued {queued} · last sync {when}</translation>
    </message>
</context>
<context>
    <name>CustomerPanel</name>
    <message>
        <source>Customer</source>
        <translation>Customer</translation>
    </message>
    <message>
        <source>Account</source>
        <translation>Account</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>Address</translation>
    </message>
    <message>
        <source>User type</source>
        <translation>User type</translation>
    </message>
    <message>
        <source>Area</source>
        <translation>Area</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>Phone</translation>
    </message>
    <message>
        <source>Prepaid credit</source>
        <translation>Prepaid credit</translation>
    </message>
    <message>
        <source>Dunning</source>
        <translation>Dunning</translation>
    </message>
    <message>
        <source>Record phone (F8)</source>
        <translation>Record phone (F8)</translation>
    </message>
    <message>
        <source>Print notice (Ctrl+Shift+N)</source>
        <translation>Print notice (Ctrl+Shift+N)</translation>
    </message>
    <message>
        <source>Residential</source>
        <translation>Residential</translation>
    </message>
    <message>
        <source>Non-residential</source>
        <translation>Non-residential</translation>
    </message>
    <message>
        <source>Verify phone (F8)</source>
        <translation>Verify phone (F8)</translation>
    </message>
    <message>
        <source>No phone number on file. Ask the customer for a mobile number.</source>
        <translation>No phone number on file. Ask the customer for a mobile number.</translation>
    </message>
    <message>
        <source>“{phone}” is not a valid mobile number. Ask the customer for the current one.</source>
        <translation>“{phone}” is not a valid mobile number. Ask the customer for the current one.</translation>
    </message>
    <message>
        <source>SMS reminders to this account&apos;s mobile number came back as a vacant number. Please check it with the customer.</source>
        <translation>SMS reminders to this account&apos;s mobile number came back as a vacant number. Please check it with the customer.</translation>
    </message>
    <message>
        <source>The ledger does not take this account&apos;s number for a mobile number. Please check it with the customer.</source>
        <translation>The ledger does not take this account&apos;s number for a mobile number. Please check it with the customer.</translation>
    </message>
    <message>
        <source>This account&apos;s mobile number has never been verified. Please check it with the customer.</source>
        <translation>This account&apos;s mobile number has never been verified. Please check it with the customer.</translation>
    </message>
    <message>
        <source>This account&apos;s mobile number has not been verified for over 12 months. Please check it with the customer.</source>
        <translation>This account&apos;s mobile number has not been verified for over 12 months. Please check it with the customer.</translation>
    </message>
    <message>
        <source>asking the ledger…</source>
        <translation>asking the ledger…</translation>
    </message>
    <message>
        <source>not known (ledger not reachable)</source>
        <translation>not known (ledger not reachable)</translation>
    </message>
    <message>
        <source>SUPPLY STOPPED</source>
        <translation>SUPPLY STOPPED</translation>
    </message>
    <message>
        <source>stop supply pending ({planned})</source>
        <translation>stop supply pending ({planned})</translation>
    </message>
    <message>
        <source>reconnection by {deadline}</source>
        <translation>reconnection by {deadline}</translation>
    </message>
    <message>
        <source>REPEAT DEFAULTER</source>
        <translation>REPEAT DEFAULTER</translation>
    </message>
    <message>
        <source>level {level}</source>
        <translation>level {level}</translation>
    </message>
    <message>
        <source>reminder notice</source>
        <translation>reminder notice</translation>
    </message>
    <message>
        <source>stop-supply notice</source>
        <translation>stop-supply notice</translation>
    </message>
    <message>
        <source>notice</source>
        <translation>notice</translation>
    </message>
    <message>
        <source>{kind} {number} delivered</source>
        <translation>{kind} {number} delivered</translation>
    </message>
    <message>
        <source>{kind} {number} sent</source>
        <translation>{kind} {number} sent</translation>
    </message>
    <message>
        <source>dunning locked</source>
        <translation>dunning locked</translation>
    </message>
    <message>
        <source>promise to pay</source>
        <translation>promise to pay</translation>
    </message>
    <message>
        <source>no dunning</source>
        <translation>no dunning</translation>
    </message>
    <message>
        <source> (offline: as synced at {when})</source>
        <translation> (offline: as synced at {when})</translation>
    </message>
</context>
<context>
    <name>CustomerResultsModel</name>
    <message>
        <source>Account</source>
        <translation>Account</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>Address</translation>
    </message>
    <message>
        <source>Owed</source>
        <translation>Owed</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>Phone</translation>
    </message>
    <message>
        <source>User type</source>
        <translation>User type</translation>
    </message>
    <message>
        <source>Credit</source>
        <translation>Credit</translation>
    </message>
    <message>
        <source>Residential</source>
        <translation>Residential</translation>
    </message>
    <message>
        <source>Non-residential</source>
        <translation>Non-residential</translation>
    </message>
</context>
<context>
    <name>DeliveryDialog</name>
    <message>
        <source>Delivery of notice {number}</source>
        <translation>Delivery of notice {number}</translation>
    </message>
    <message>
        <source>Handed over</source>
        <translation>Handed over</translation>
    </message>
    <message>
        <source>By post</source>
        <translation>By post</translation>
    </message>
    <message>
        <source>Left at the door</source>
        <translation>Left at the door</translation>
    </message>
    <message>
        <source>Refused by the customer</source>
        <translation>Refused by the customer</translation>
    </message>
    <message>
        <source>How</source>
        <translation>How</translation>
    </message>
    <message>
        <source>Signed by</source>
        <translation>Signed by</translation>
    </message>
    <message>
        <source>When</source>
        <translation>When</translation>
    </message>
</context>
<context>
    <name>DeviceSetupDialog</name>
    <message>
        <source>Refresh</source>
        <translation>Refresh</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>Save</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>Kept: saved with the other settings when the setup finishes.</source>
        <translation>Kept: saved with the other settings when the setup finishes.</translation>
    </message>
    <message>
        <source>Saved to {0}.</source>
        <translation>Saved to {0}.</translation>
    </message>
</context>
<context>
    <name>DeviceState</name>
    <message>
        <source>Screen preview</source>
        <translation>Screen preview</translation>
    </message>
    <message>
        <source>Ready</source>
        <translation>Ready</translation>
    </message>
    <message>
        <source>Online</source>
        <translation>Online</translation>
    </message>
    <message>
        <source>Paper near end</source>
        <translation>Paper near end</translation>
    </message>
    <message>
        <source>Status unknown</source>
        <translation>Status unknown</translation>
    </message>
    <message>
        <source>Printing</source>
        <translation>Printing</translation>
    </message>
    <message>
        <source>Out of paper</source>
        <translation>Out of paper</translation>
    </message>
    <message>
        <source>Cover open</source>
        <translation>Cover open</translation>
    </message>
    <message>
        <source>Connecting</source>
        <translation>Connecting</translation>
    </message>
    <message>
        <source>Connected</source>
        <translation>Connected</translation>
    </message>
    <message>
        <source>Reading</source>
        <translation>Reading</translation>
    </message>
    <message>
        <source>Disconnected</source>
        <translation>Disconnected</translation>
    </message>
    <message>
        <source>Not set up</source>
        <translation>Not set up</translation>
    </message>
    <message>
        <source>Offline</source>
        <translation>Offline</translation>
    </message>
    <message>
        <source>Error</source>
        <translation>Error</translation>
    </message>
</context>
<context>
    <name>DeviceTableModel</name>
    <message>
        <source>Kind</source>
        <translation>Kind</translation>
    </message>
    <message>
        <source>Device</source>
        <translation>Device</translation>
    </message>
    <message>
        <source>Description</source>
        <translation>Description</translation>
    </message>
    <message>
        <source>URI</source>
        <translation>URI</translation>
    </message>
</context>
<context>
    <name>DevicesPage</name>
    <message>
        <source>Devices</source>
        <translation>Devices</translation>
    </message>
    <message>
        <source>Optional: both can be set and tested later from the Devices menu.</source>
        <translation>Optional: both can be set and tested later from the Devices menu.</translation>
    </message>
    <message>
        <source>e.g. tcp://192.168.1.50:9100 or usb://0x0416:0x5011</source>
        <translation>e.g. tcp://192.168.1.50:9100 or usb://0x0416:0x5011</translation>
    </message>
    <message>
        <source>e.g. COM3 or /dev/ttyUSB0</source>
        <translation>e.g. COM3 or /dev/ttyUSB0</translation>
    </message>
    <message>
        <source>Find and test printers…</source>
        <translation>Find and test printers…</translation>
    </message>
    <message>
        <source>Set up and test the card reader…</source>
        <translation>Set up and test the card reader…</translation>
    </message>
    <message>
        <source>Receipt printer</source>
        <translation>Receipt printer</translation>
    </message>
    <message>
        <source>Card reader port</source>
        <translation>Card reader port</translation>
    </message>
</context>
<context>
    <name>DunningPart</name>
    <message>
        <source>Notice {number} sent to the receipt printer.</source>
        <translation>Notice {number} sent to the receipt printer.</translation>
    </message>
    <message>
        <source>Fetching notice {number}…</source>
        <translation>Fetching notice {number}…</translation>
    </message>
    <message>
        <source>This payment cancelled the stop-supply request of account {account}.</source>
        <translation>This payment cancelled the stop-supply request of account {account}.</translation>
    </message>
    <message>
        <source>A reconnection task was opened for account {account}: supply back by {deadline}.</source>
        <translation>A reconnection task was opened for account {account}: supply back by {deadline}.</translation>
    </message>
    <message>
        <source>The promise to pay of account {account} is kept.</source>
        <translation>The promise to pay of account {account} is kept.</translation>
    </message>
    <message>
        <source>Account {account} is out of dunning.</source>
        <translation>Account {account} is out of dunning.</translation>
    </message>
</context>
<context>
    <name>ErrorText</name>
    <message>
        <source>Enter an amount.</source>
        <translation>Enter an amount.</translation>
    </message>
    <message>
        <source>The amount may not be negative.</source>
        <translation>The amount may not be negative.</translation>
    </message>
    <message>
        <source>“{text}” is not an amount. Type yuan, for example 120.50.</source>
        <translation>“{text}” is not an amount. Type yuan, for example 120.50.</translation>
    </message>
    <message>
        <source>“{text}” is not a number.</source>
        <translation>“{text}” is not a number.</translation>
    </message>
    <message>
        <source>Write the amount in full, without an exponent (not “{text}”).</source>
        <translation>Write the amount in full, without an exponent (not “{text}”).</translation>
    </message>
    <message>
        <source>At most two decimals: the smallest unit is one fen (not “{text}”).</source>
        <translation>At most two decimals: the smallest unit is one fen (not “{text}”).</translation>
    </message>
    <message>
        <source>The amount must be more than zero.</source>
        <translation>The amount must be more than zero.</translation>
    </message>
    <message>
        <source>The amount is over the limit of {limit_fen} for one payment.</source>
        <translation>The amount is over the limit of {limit_fen} for one payment.</translation>
    </message>
    <message>
        <source>Thousands separators go in groups of three digits, like 1,234.50 (not “{text}”).</source>
        <translation>Thousands separators go in groups of three digits, like 1,234.50 (not “{text}”).</translation>
    </message>
    <message>
        <source>The amount is not valid.</source>
        <translation>The amount is not valid.</translation>
    </message>
    <message>
        <source>Enter an account number.</source>
        <translation>Enter an account number.</translation>
    </message>
    <message>
        <source>An account number has digits only.</source>
        <translation>An account number has digits only.</translation>
    </message>
    <message>
        <source>An account number has {length} digits.</source>
        <translation>An account number has {length} digits.</translation>
    </message>
    <message>
        <source>No customer with account number {account_no}.</source>
        <translation>No customer with account number {account_no}.</translation>
    </message>
    <message>
        <source>A mainland mobile number has 11 digits and starts with 13 to 19.</source>
        <translation>A mainland mobile number has 11 digits and starts with 13 to 19.</translation>
    </message>
    <message>
        <source>The account number is not valid.</source>
        <translation>The account number is not valid.</translation>
    </message>
    <message>
        <source>This is not a setup code of this program (or it is incomplete): print it again with counter-ledger terminal add --qr.</source>
        <translation>This is not a setup code of this program (or it is incomplete): print it again with counter-ledger terminal add --qr.</translation>
    </message>
    <message>
        <source>A billing period is written YYYY-MM.</source>
        <translation>A billing period is written YYYY-MM.</translation>
    </message>
    <message>
        <source>A bill was listed twice. Look the customer up again.</source>
        <translation>A bill was listed twice. Look the customer up again.</translation>
    </message>
    <message>
        <source>The payment must be more than zero.</source>
        <translation>The payment must be more than zero.</translation>
    </message>
    <message>
        <source>The bills changed meanwhile. Look the customer up again.</source>
        <translation>The bills changed meanwhile. Look the customer up again.</translation>
    </message>
    <message>
        <source>The payment is over the limit of {limit_fen}.</source>
        <translation>The payment is over the limit of {limit_fen}.</translation>
    </message>
    <message>
        <source>The payment could not be taken.</source>
        <translation>The payment could not be taken.</translation>
    </message>
    <message>
        <source>The cash part must be more than zero.</source>
        <translation>The cash part must be more than zero.</translation>
    </message>
    <message>
        <source>Cash tendered {tendered_fen} is less than {amount_fen}.</source>
        <translation>Cash tendered {tendered_fen} is less than {amount_fen}.</translation>
    </message>
    <message>
        <source>The card part must be more than zero.</source>
        <translation>The card part must be more than zero.</translation>
    </message>
    <message>
        <source>The reference number (RRN) has 6 to 20 letters or digits.</source>
        <translation>The reference number (RRN) has 6 to 20 letters or digits.</translation>
    </message>
    <message>
        <source>The authorisation code has 6 letters or digits.</source>
        <translation>The authorisation code has 6 letters or digits.</translation>
    </message>
    <message>
        <source>Enter the masked card number from the bank slip.</source>
        <translation>Enter the masked card number from the bank slip.</translation>
    </message>
    <message>
        <source>A reference number (RRN) may not hold 13 or more digits in a row: that could be a card number. Enter the reference number from the bank slip (12 digits on UnionPay).</source>
        <translation>A reference number (RRN) may not hold 13 or more digits in a row: that could be a card number. Enter the reference number from the bank slip (12 digits on UnionPay).</translation>
    </message>
    <message>
        <source>That looks like a full card number. Enter only the masked number from the bank slip, for example 622848******1234.</source>
        <translation>That looks like a full card number. Enter only the masked number from the bank slip, for example 622848******1234.</translation>
    </message>
    <message>
        <source>The masked card number looks like 622848******1234.</source>
        <translation>The masked card number looks like 622848******1234.</translation>
    </message>
    <message>
        <source>The masked card number has 13 to 19 characters.</source>
        <translation>The masked card number has 13 to 19 characters.</translation>
    </message>
    <message>
        <source>Choose how the customer pays.</source>
        <translation>Choose how the customer pays.</translation>
    </message>
    <message>
        <source>Only one cash part per payment.</source>
        <translation>Only one cash part per payment.</translation>
    </message>
    <message>
        <source>The parts add up to {total_fen}, but the payment is {amount_fen}.</source>
        <translation>The parts add up to {total_fen}, but the payment is {amount_fen}.</translation>
    </message>
    <message>
        <source>Amounts are counted in whole fen.</source>
        <translation>Amounts are counted in whole fen.</translation>
    </message>
    <message>
        <source>The change rounding does not follow the hall&apos;s rule.</source>
        <translation>The change rounding does not follow the hall&apos;s rule.</translation>
    </message>
    <message>
        <source>The tender is not valid.</source>
        <translation>The tender is not valid.</translation>
    </message>
    <message>
        <source>Unknown note or coin.</source>
        <translation>Unknown note or coin.</translation>
    </message>
    <message>
        <source>Counts are whole numbers, zero or more.</source>
        <translation>Counts are whole numbers, zero or more.</translation>
    </message>
    <message>
        <source>The counter was locked: this action was not carried out.</source>
        <translation>The counter was locked: this action was not carried out.</translation>
    </message>
    <message>
        <source>No shift is open on this counter. Open a shift with its float first.</source>
        <translation>No shift is open on this counter. Open a shift with its float first.</translation>
    </message>
    <message>
        <source>A refund must be more than zero.</source>
        <translation>A refund must be more than zero.</translation>
    </message>
    <message>
        <source>That shift belongs to another counter.</source>
        <translation>That shift belongs to another counter.</translation>
    </message>
    <message>
        <source>A shift is already open on this counter (opened by {opened_by}).</source>
        <translation>A shift is already open on this counter (opened by {opened_by}).</translation>
    </message>
    <message>
        <source>There is no shift {shift_id}.</source>
        <translation>There is no shift {shift_id}.</translation>
    </message>
    <message>
        <source>The amount must be whole fen above zero.</source>
        <translation>The amount must be whole fen above zero.</translation>
    </message>
    <message>
        <source>A drawer movement must be more than zero.</source>
        <translation>A drawer movement must be more than zero.</translation>
    </message>
    <message>
        <source>Give a reason.</source>
        <translation>Give a reason.</translation>
    </message>
    <message>
        <source>The reason is too long (at most 200 characters).</source>
        <translation>The reason is too long (at most 200 characters).</translation>
    </message>
    <message>
        <source>The shift is being closed: no more drawer movements.</source>
        <translation>The shift is being closed: no more drawer movements.</translation>
    </message>
    <message>
        <source>Begin closing the shift before counting.</source>
        <translation>Begin closing the shift before counting.</translation>
    </message>
    <message>
        <source>The count was already entered.</source>
        <translation>The count was already entered.</translation>
    </message>
    <message>
        <source>The blind count is in progress: no report until it is entered.</source>
        <translation>The blind count is in progress: no report until it is entered.</translation>
    </message>
    <message>
        <source>Payments or drawer movements changed after the count; count again.</source>
        <translation>Payments or drawer movements changed after the count; count again.</translation>
    </message>
    <message>
        <source>The blind count has not been entered.</source>
        <translation>The blind count has not been entered.</translation>
    </message>
    <message>
        <source>A supervisor must sign the count off first.</source>
        <translation>A supervisor must sign the count off first.</translation>
    </message>
    <message>
        <source>Shift {shift_id} is not closed; print an X report instead.</source>
        <translation>Shift {shift_id} is not closed; print an X report instead.</translation>
    </message>
    <message>
        <source>{count} payments of this shift are still queued for the central ledger.</source>
        <translation>{count} payments of this shift are still queued for the central ledger.</translation>
    </message>
    <message>
        <source>A payment of this shift does not add up (cash tendered minus change). Call the technician.</source>
        <translation>A payment of this shift does not add up (cash tendered minus change). Call the technician.</translation>
    </message>
    <message>
        <source>The bank terminal&apos;s settlement total must be whole fen, zero or more.</source>
        <translation>The bank terminal&apos;s settlement total must be whole fen, zero or more.</translation>
    </message>
    <message>
        <source>The float to keep must be zero or more.</source>
        <translation>The float to keep must be zero or more.</translation>
    </message>
    <message>
        <source>The shift could not be changed.</source>
        <translation>The shift could not be changed.</translation>
    </message>
    <message>
        <source>A PIN has 4 to 8 digits.</source>
        <translation>A PIN has 4 to 8 digits.</translation>
    </message>
    <message>
        <source>Unknown user ID.</source>
        <translation>Unknown user ID.</translation>
    </message>
    <message>
        <source>Wrong PIN. {attempts_left} attempts left before the account is locked.</source>
        <translation>Wrong PIN. {attempts_left} attempts left before the account is locked.</translation>
    </message>
    <message>
        <source>Too many wrong PINs. This user is locked until {until}.</source>
        <translation>Too many wrong PINs. This user is locked until {until}.</translation>
    </message>
    <message>
        <source>This user is disabled. Ask the administrator.</source>
        <translation>This user is disabled. Ask the administrator.</translation>
    </message>
    <message>
        <source>Sign-in failed.</source>
        <translation>Sign-in failed.</translation>
    </message>
    <message>
        <source>Your role may not do this. Ask a supervisor.</source>
        <translation>Your role may not do this. Ask a supervisor.</translation>
    </message>
    <message>
        <source>This receipt was already reprinted {reprints} times; a supervisor must approve another reprint.</source>
        <translation>This receipt was already reprinted {reprints} times; a supervisor must approve another reprint.</translation>
    </message>
    <message>
        <source>Opening the cash drawer without a sale needs a supervisor&apos;s approval.</source>
        <translation>Opening the cash drawer without a sale needs a supervisor&apos;s approval.</translation>
    </message>
    <message>
        <source>Give a reason for opening the drawer without a sale.</source>
        <translation>Give a reason for opening the drawer without a sale.</translation>
    </message>
    <message>
        <source>The approver must be another person, not the one asking.</source>
        <translation>The approver must be another person, not the one asking.</translation>
    </message>
    <message>
        <source>That user may not approve this. Ask a supervisor.</source>
        <translation>That user may not approve this. Ask a supervisor.</translation>
    </message>
    <message>
        <source>A supervisor must approve this first.</source>
        <translation>A supervisor must approve this first.</translation>
    </message>
    <message>
        <source>The approval is for another action, person or item.</source>
        <translation>The approval is for another action, person or item.</translation>
    </message>
    <message>
        <source>That approval was already used; approve again.</source>
        <translation>That approval was already used; approve again.</translation>
    </message>
    <message>
        <source>The approval was refused.</source>
        <translation>The approval was refused.</translation>
    </message>
    <message>
        <source>There is no such payment.</source>
        <translation>There is no such payment.</translation>
    </message>
    <message>
        <source>This receipt is already void.</source>
        <translation>This receipt is already void.</translation>
    </message>
    <message>
        <source>This receipt belongs to a closed shift or another counter; only its prepaid credit can be refunded now.</source>
        <translation>This receipt belongs to a closed shift or another counter; only its prepaid credit can be refunded now.</translation>
    </message>
    <message>
        <source>The prepaid credit of this payment was already used.</source>
        <translation>The prepaid credit of this payment was already used.</translation>
    </message>
    <message>
        <source>A later payment went to the same bills; void that one first.</source>
        <translation>A later payment went to the same bills; void that one first.</translation>
    </message>
    <message>
        <source>This payment was taken before voids were possible here.</source>
        <translation>This payment was taken before voids were possible here.</translation>
    </message>
    <message>
        <source>Give a reason (1 to 200 characters).</source>
        <translation>Give a reason (1 to 200 characters).</translation>
    </message>
    <message>
        <source>The payment could not be voided.</source>
        <translation>The payment could not be voided.</translation>
    </message>
    <message>
        <source>The refund must be more than zero.</source>
        <translation>The refund must be more than zero.</translation>
    </message>
    <message>
        <source>At most {refundable_fen} of prepaid credit can be refunded.</source>
        <translation>At most {refundable_fen} of prepaid credit can be refunded.</translation>
    </message>
    <message>
        <source>This receipt is void.</source>
        <translation>This receipt is void.</translation>
    </message>
    <message>
        <source>The payment&apos;s shift is still open: void the payment instead.</source>
        <translation>The payment&apos;s shift is still open: void the payment instead.</translation>
    </message>
    <message>
        <source>The credit could not be refunded.</source>
        <translation>The credit could not be refunded.</translation>
    </message>
    <message>
        <source>That bill is not open on this account.</source>
        <translation>That bill is not open on this account.</translation>
    </message>
    <message>
        <source>This bill&apos;s late fee is already waived.</source>
        <translation>This bill&apos;s late fee is already waived.</translation>
    </message>
    <message>
        <source>The late fee could not be waived.</source>
        <translation>The late fee could not be waived.</translation>
    </message>
    <message>
        <source>User {user_id} already exists.</source>
        <translation>User {user_id} already exists.</translation>
    </message>
    <message>
        <source>A user ID has 1 to 32 letters, digits, “.”, “_” or “-”.</source>
        <translation>A user ID has 1 to 32 letters, digits, “.”, “_” or “-”.</translation>
    </message>
    <message>
        <source>A user name has 1 to 64 characters.</source>
        <translation>A user name has 1 to 64 characters.</translation>
    </message>
    <message>
        <source>Unknown role.</source>
        <translation>Unknown role.</translation>
    </message>
    <message>
        <source>You cannot disable your own user.</source>
        <translation>You cannot disable your own user.</translation>
    </message>
    <message>
        <source>You cannot change your own role.</source>
        <translation>You cannot change your own role.</translation>
    </message>
    <message>
        <source>The user could not be changed.</source>
        <translation>The user could not be changed.</translation>
    </message>
    <message>
        <source>The local store file is missing. Call the technician.</source>
        <translation>The local store file is missing. Call the technician.</translation>
    </message>
    <message>
        <source>The local store path is a folder, not a file. Call the technician.</source>
        <translation>The local store path is a folder, not a file. Call the technician.</translation>
    </message>
    <message>
        <source>The local store cannot be written (disk full or no permission). Nothing was saved; call the technician.</source>
        <translation>The local store cannot be written (disk full or no permission). Nothing was saved; call the technician.</translation>
    </message>
    <message>
        <source>The local store is damaged. Stop taking payments and call the technician.</source>
        <translation>The local store is damaged. Stop taking payments and call the technician.</translation>
    </message>
    <message>
        <source>The local store is not set up for safe writing. Call the technician.</source>
        <translation>The local store is not set up for safe writing. Call the technician.</translation>
    </message>
    <message>
        <source>A record changed meanwhile. Nothing was saved; look the customer up again.</source>
        <translation>A record changed meanwhile. Nothing was saved; look the customer up again.</translation>
    </message>
    <message>
        <source>Internal error: a change was attempted while reading. Nothing was saved.</source>
        <translation>Internal error: a change was attempted while reading. Nothing was saved.</translation>
    </message>
    <message>
        <source>The local store is busy (another program is writing). Nothing was saved; try again.</source>
        <translation>The local store is busy (another program is writing). Nothing was saved; try again.</translation>
    </message>
    <message>
        <source>The local store refused the change as a conflict. Nothing was saved; look the customer up again.</source>
        <translation>The local store refused the change as a conflict. Nothing was saved; look the customer up again.</translation>
    </message>
    <message>
        <source>The local store failed. Nothing was saved; try again, or call the technician.</source>
        <translation>The local store failed. Nothing was saved; try again, or call the technician.</translation>
    </message>
    <message>
        <source>The local store could not be used. Nothing was saved; call the technician.</source>
        <translation>The local store could not be used. Nothing was saved; call the technician.</translation>
    </message>
    <message>
        <source>The file was not imported: {count} problems found. Nothing was changed.</source>
        <translation>The file was not imported: {count} problems found. Nothing was changed.</translation>
    </message>
    <message>
        <source>This counter&apos;s clock differs too much from the central ledger&apos;s. Set the clock, or call the technician.</source>
        <translation>This counter&apos;s clock differs too much from the central ledger&apos;s. Set the clock, or call the technician.</translation>
    </message>
    <message>
        <source>The item on the review list could not be corrected.</source>
        <translation>The item on the review list could not be corrected.</translation>
    </message>
    <message>
        <source>Give a reason for the correction (1 to 200 characters).</source>
        <translation>Give a reason for the correction (1 to 200 characters).</translation>
    </message>
    <message>
        <source>This payment is not on the review list (any more).</source>
        <translation>This payment is not on the review list (any more).</translation>
    </message>
    <message>
        <source>This payment has several card parts: choose the one to correct.</source>
        <translation>This payment has several card parts: choose the one to correct.</translation>
    </message>
    <message>
        <source>That part of the payment is not a card part.</source>
        <translation>That part of the payment is not a card part.</translation>
    </message>
    <message>
        <source>The new reference is the same as the old one.</source>
        <translation>The new reference is the same as the old one.</translation>
    </message>
    <message>
        <source>The backup could not be used.</source>
        <translation>The backup could not be used.</translation>
    </message>
    <message>
        <source>The backup {file} is damaged and was not restored. Choose an older backup.</source>
        <translation>The backup {file} is damaged and was not restored. Choose an older backup.</translation>
    </message>
    <message>
        <source>Restoring this backup would lose {count} item(s) not yet at the central ledger. A supervisor must confirm.</source>
        <translation>Restoring this backup would lose {count} item(s) not yet at the central ledger. A supervisor must confirm.</translation>
    </message>
    <message>
        <source>The central ledger refused this collections request: {detail}</source>
        <translation>The central ledger refused this collections request: {detail}</translation>
    </message>
    <message>
        <source>The central ledger does not accept this counter&apos;s token. Call the technician.</source>
        <translation>The central ledger does not accept this counter&apos;s token. Call the technician.</translation>
    </message>
    <message>
        <source>No central ledger is connected: collections work needs the ledger.</source>
        <translation>No central ledger is connected: collections work needs the ledger.</translation>
    </message>
    <message>
        <source>The central ledger cannot be reached, and nothing of this was synced before.</source>
        <translation>The central ledger cannot be reached, and nothing of this was synced before.</translation>
    </message>
    <message>
        <source>The central ledger did not answer: this may or may not have been done. Refresh and look before trying again.</source>
        <translation>The central ledger did not answer: this may or may not have been done. Refresh and look before trying again.</translation>
    </message>
    <message>
        <source>A stop-supply request is approved by another person than the one who raised it.</source>
        <translation>A stop-supply request is approved by another person than the one who raised it.</translation>
    </message>
    <message>
        <source>The request is no longer in a state that allows this. Refresh the list.</source>
        <translation>The request is no longer in a state that allows this. Refresh the list.</translation>
    </message>
    <message>
        <source>This run was already executed or reversed: it can no longer be changed.</source>
        <translation>This run was already executed or reversed: it can no longer be changed.</translation>
    </message>
    <message>
        <source>This run was already reversed.</source>
        <translation>This run was already reversed.</translation>
    </message>
    <message>
        <source>The delivery time is before the notice was issued.</source>
        <translation>The delivery time is before the notice was issued.</translation>
    </message>
    <message>
        <source>The delivery time may not be in the future.</source>
        <translation>The delivery time may not be in the future.</translation>
    </message>
    <message>
        <source>This notice is no longer waiting for delivery.</source>
        <translation>This notice is no longer waiting for delivery.</translation>
    </message>
    <message>
        <source>This reconnection task is already closed.</source>
        <translation>This reconnection task is already closed.</translation>
    </message>
    <message>
        <source>A template is approved by another person than the one who drafted it.</source>
        <translation>A template is approved by another person than the one who drafted it.</translation>
    </message>
    <message>
        <source>This template is not a draft: there is nothing to approve.</source>
        <translation>This template is not a draft: there is nothing to approve.</translation>
    </message>
    <message>
        <source>A condition for stopping supply does not hold; see the conditions listed with the request.</source>
        <translation>A condition for stopping supply does not hold; see the conditions listed with the request.</translation>
    </message>
    <message>
        <source>A terminal id has 1 to 32 ASCII letters, digits, &apos;-&apos; or &apos;_&apos;, and starts with a letter or digit.</source>
        <translation>A terminal id has 1 to 32 ASCII letters, digits, &apos;-&apos; or &apos;_&apos;, and starts with a letter or digit.</translation>
    </message>
    <message>
        <source>A hall id has 1 to 32 ASCII letters, digits, &apos;-&apos; or &apos;_&apos;, and starts with a letter or digit.</source>
        <translation>A hall id has 1 to 32 ASCII letters, digits, &apos;-&apos; or &apos;_&apos;, and starts with a letter or digit.</translation>
    </message>
    <message>
        <source>The text holds what looks like a full card number. Take it out: a card number may not be typed into a reason, name, address or note.</source>
        <translation>The text holds what looks like a full card number. Take it out: a card number may not be typed into a reason, name, address or note.</translation>
    </message>
    <message>
        <source>The text holds a control character (a line break, tab or direction mark): write it on one line of plain text.</source>
        <translation>The text holds a control character (a line break, tab or direction mark): write it on one line of plain text.</translation>
    </message>
    <message>
        <source>The input is not valid.</source>
        <translation>The input is not valid.</translation>
    </message>
    <message>
        <source>The request was refused.</source>
        <translation>The request was refused.</translation>
    </message>
    <message>
        <source>The local store could not be read or written ({kind}). Nothing was changed; try again, or call the technician.</source>
        <translation>The local store could not be read or written ({kind}). Nothing was changed; try again, or call the technician.</translation>
    </message>
    <message>
        <source>Something went wrong ({kind}). Nothing was changed; try again.</source>
        <translation>Something went wrong ({kind}). Nothing was changed; try again.</translation>
    </message>
</context>
<context>
    <name>FinishPage</name>
    <message>
        <source>Set up this counter</source>
        <translation>Set up this counter</translation>
    </message>
    <message>
        <source>Nothing is saved until every check has passed.</source>
        <translation>Nothing is saved until every check has passed.</translation>
    </message>
    <message>
        <source>Set up now</source>
        <translation>Set up now</translation>
    </message>
    <message>
        <source>Downloaded {done} customers…</source>
        <translation>Downloaded {done} customers…</translation>
    </message>
    <message>
        <source>, about {seconds} s left</source>
        <translation>, about {seconds} s left</translation>
    </message>
    <message>
        <source>Downloaded {done} of {total} customers{left}.</source>
        <translation>Downloaded {done} of {total} customers{left}.</translation>
    </message>
    <message>
        <source>Language: {language}</source>
        <translation>Language: {language}</translation>
    </message>
    <message>
        <source>Counter: {hall}/{terminal} {name}</source>
        <translation>Counter: {hall}/{terminal} {name}</translation>
    </message>
    <message>
        <source>Central ledger: {url}</source>
        <translation>Central ledger: {url}</translation>
    </message>
    <message>
        <source>Central ledger: not connected (offline)</source>
        <translation>Central ledger: not connected (offline)</translation>
    </message>
    <message>
        <source>Administrator: {id} {name}</source>
        <translation>Administrator: {id} {name}</translation>
    </message>
    <message>
        <source>Receipt printer: {uri}</source>
        <translation>Receipt printer: {uri}</translation>
    </message>
    <message>
        <source>not set</source>
        <translation>not set</translation>
    </message>
    <message>
        <source>Card reader: {port}</source>
        <translation>Card reader: {port}</translation>
    </message>
    <message>
        <source>Data folder: {path}</source>
        <translation>Data folder: {path}</translation>
    </message>
    <message>
        <source>Checking…</source>
        <translation>Checking…</translation>
    </message>
    <message>
        <source>Done. Press Finish and sign in as the administrator.</source>
        <translation>Done. Press Finish and sign in as the administrator.</translation>
    </message>
    <message>
        <source>Setup failed: {error}</source>
        <translation>Setup failed: {error}</translation>
    </message>
</context>
<context>
    <name>HallPage</name>
    <message>
        <source>Hall and counter</source>
        <translation>Hall and counter</translation>
    </message>
    <message>
        <source>Scan the setup code the ledger administrator printed, or type the ids (the same ids as the terminal&apos;s token).</source>
        <translation>Scan the setup code the ledger administrator printed, or type the ids (the same ids as the terminal&apos;s token).</translation>
    </message>
    <message>
        <source>scan the QR code here, or paste its line</source>
        <translation>scan the QR code here, or paste its line</translation>
    </message>
    <message>
        <source>e.g. H001</source>
        <translation>e.g. H001</translation>
    </message>
    <message>
        <source>e.g. T01</source>
        <translation>e.g. T01</translation>
    </message>
    <message>
        <source>printed on receipts</source>
        <translation>printed on receipts</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Language</translation>
    </message>
    <message>
        <source>Setup code</source>
        <translation>Setup code</translation>
    </message>
    <message>
        <source>Hall id</source>
        <translation>Hall id</translation>
    </message>
    <message>
        <source>Counter (terminal) id</source>
        <translation>Counter (terminal) id</translation>
    </message>
    <message>
        <source>Hall name</source>
        <translation>Hall name</translation>
    </message>
    <message>
        <source>Hall address</source>
        <translation>Hall address</translation>
    </message>
    <message>
        <source>Setup code read: counter {who}, ledger {url}.</source>
        <translation>Setup code read: counter {who}, ledger {url}.</translation>
    </message>
</context>
<context>
    <name>LateFeeModel</name>
    <message>
        <source>Period</source>
        <translation>Period</translation>
    </message>
    <message>
        <source>Amount due</source>
        <translation>Amount due</translation>
    </message>
    <message>
        <source>Days overdue</source>
        <translation>Days overdue</translation>
    </message>
    <message>
        <source>Late fee</source>
        <translation>Late fee</translation>
    </message>
    <message>
        <source>Waived</source>
        <translation>Waived</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>yes</translation>
    </message>
</context>
<context>
    <name>LedgerConnectDialog</name>
    <message>
        <source>Central ledger connection</source>
        <translation>Central ledger connection</translation>
    </message>
    <message>
        <source>scan the QR code here, or paste its line</source>
        <translation>scan the QR code here, or paste its line</translation>
    </message>
    <message>
        <source>Setup code</source>
        <translation>Setup code</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>Save</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>This setup code is for counter {theirs}; this counter is {ours}.</source>
        <translation>This setup code is for counter {theirs}; this counter is {ours}.</translation>
    </message>
    <message>
        <source>Not saved: {0}</source>
        <translation>Not saved: {0}</translation>
    </message>
    <message>
        <source>Saved to {0}. The counter uses the new connection when it is started again.</source>
        <translation>Saved to {0}. The counter uses the new connection when it is started again.</translation>
    </message>
</context>
<context>
    <name>LedgerPage</name>
    <message>
        <source>Central ledger</source>
        <translation>Central ledger</translation>
    </message>
    <message>
        <source>Payments reach the central ledger from here. Without it the counter works offline and queues them.</source>
        <translation>Payments reach the central ledger from here. Without it the counter works offline and queues them.</translation>
    </message>
    <message>
        <source>Connect later (work offline for now)</source>
        <translation>Connect later (work offline for now)</translation>
    </message>
    <message>
        <source>e.g. https://ledger.example:8443</source>
        <translation>e.g. https://ledger.example:8443</translation>
    </message>
    <message>
        <source>the terminal&apos;s token</source>
        <translation>the terminal&apos;s token</translation>
    </message>
    <message>
        <source>only for a private certificate: path of the CA file</source>
        <translation>only for a private certificate: path of the CA file</translation>
    </message>
    <message>
        <source>Check connection</source>
        <translation>Check connection</translation>
    </message>
    <message>
        <source>Ledger address</source>
        <translation>Ledger address</translation>
    </message>
    <message>
        <source>Token</source>
        <translation>Token</translation>
    </message>
    <message>
        <source>CA certificate</source>
        <translation>CA certificate</translation>
    </message>
    <message>
        <source>Enter the ledger address and the token first.</source>
        <translation>Enter the ledger address and the token first.</translation>
    </message>
    <message>
        <source>Checking the ledger…</source>
        <translation>Checking the ledger…</translation>
    </message>
    <message>
        <source>Connected: ledger {version}, this counter is {who}.</source>
        <translation>Connected: ledger {version}, this counter is {who}.</translation>
    </message>
    <message>
        <source>The check failed: {error}</source>
        <translation>The check failed: {error}</translation>
    </message>
</context>
<context>
    <name>LoginPage</name>
    <message>
        <source>Hall Counter — sign in</source>
        <translation>Hall Counter — sign in</translation>
    </message>
    <message>
        <source>{hall} · counter {terminal}</source>
        <translation>{hall} · counter {terminal}</translation>
    </message>
    <message>
        <source>User ID</source>
        <translation>User ID</translation>
    </message>
    <message>
        <source>PIN</source>
        <translation>PIN</translation>
    </message>
    <message>
        <source>e.g. 1001</source>
        <translation>e.g. 1001</translation>
    </message>
    <message>
        <source>4 to 8 digits</source>
        <translation>4 to 8 digits</translation>
    </message>
    <message>
        <source>Sign in (Enter)</source>
        <translation>Sign in (Enter)</translation>
    </message>
    <message>
        <source>Demo data: these users exist (click one, then type its PIN)</source>
        <translation>Demo data: these users exist (click one, then type its PIN)</translation>
    </message>
    <message>
        <source>Checking…</source>
        <translation>Checking…</translation>
    </message>
    <message>
        <source>Enter your user ID.</source>
        <translation>Enter your user ID.</translation>
    </message>
    <message>
        <source>Enter your PIN.</source>
        <translation>Enter your PIN.</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>[DEMO]</source>
        <translation>[DEMO]</translation>
    </message>
    <message>
        <source>&amp;Counter</source>
        <translation>&amp;Counter</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>&amp;Language</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Help</translation>
    </message>
    <message>
        <source>Search</source>
        <translation>Search</translation>
    </message>
    <message>
        <source>Cash</source>
        <translation>Cash</translation>
    </message>
    <message>
        <source>Bank card</source>
        <translation>Bank card</translation>
    </message>
    <message>
        <source>Cash + card</source>
        <translation>Cash + card</translation>
    </message>
    <message>
        <source>Record phone number</source>
        <translation>Record phone number</translation>
    </message>
    <message>
        <source>Reprint last receipt</source>
        <translation>Reprint last receipt</translation>
    </message>
    <message>
        <source>Receipts waiting to print…</source>
        <translation>Receipts waiting to print…</translation>
    </message>
    <message>
        <source>Open cash drawer (no sale)…</source>
        <translation>Open cash drawer (no sale)…</translation>
    </message>
    <message>
        <source>&amp;Devices</source>
        <translation>&amp;Devices</translation>
    </message>
    <message>
        <source>Printer setup…</source>
        <translation>Printer setup…</translation>
    </message>
    <message>
        <source>Card reader setup…</source>
        <translation>Card reader setup…</translation>
    </message>
    <message>
        <source>Central ledger connection…</source>
        <translation>Central ledger connection…</translation>
    </message>
    <message>
        <source>Lock / switch cashier</source>
        <translation>Lock / switch cashier</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>Quit</translation>
    </message>
    <message>
        <source>Keyboard shortcuts</source>
        <translation>Keyboard shortcuts</translation>
    </message>
    <message>
        <source>About Hall Counter</source>
        <translation>About Hall Counter</translation>
    </message>
    <message>
        <source>Hall Counter</source>
        <translation>Hall Counter</translation>
    </message>
    <message>
        <source>Hall {hall} · terminal {terminal}
Data folder: {data}
Qt {qt} · PySide6 {pyside} · Python {python}</source>
        <translation>Hall {hall} · terminal {terminal}
Data folder: {data}
Qt {qt} · PySide6 {pyside} · Python {python}</translation>
    </message>
    <message>
        <source>Shift #{id} is still open on this counter. Quit anyway? The shift stays open and the cash stays counted to it; close the shift first to hand the drawer over.</source>
        <translation>Shift #{id} is still open on this counter. Quit anyway? The shift stays open and the cash stays counted to it; close the shift first to hand the drawer over.</translation>
    </message>
    <message>
        <source>Quit, shift stays open</source>
        <translation>Quit, shift stays open</translation>
    </message>
    <message>
        <source>Stay</source>
        <translation>Stay</translation>
    </message>
    <message>
        <source>{hall} — counter {terminal}</source>
        <translation>{hall} — counter {terminal}</translation>
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
        <translation>F2  search (account, phone, name, address)
Enter  open customer / confirm
F3  amount (part payment) · F4  exact cash · F10  +¥50 · F11  +¥100
Esc  back / clear for the next customer
F5  cash · F6  bank card · F7  cash + card
F8  record phone number
F9  reprint last receipt
Ctrl+P  receipts waiting to print
F12  lock / switch cashier (the shift stays open)</translation>
    </message>
</context>
<context>
    <name>NoticesTab</name>
    <message>
        <source>every kind</source>
        <translation>every kind</translation>
    </message>
    <message>
        <source>Reminder notice</source>
        <translation>Reminder notice</translation>
    </message>
    <message>
        <source>Stop-supply notice</source>
        <translation>Stop-supply notice</translation>
    </message>
    <message>
        <source>pending</source>
        <translation>pending</translation>
    </message>
    <message>
        <source>delivered</source>
        <translation>delivered</translation>
    </message>
    <message>
        <source>settled</source>
        <translation>settled</translation>
    </message>
    <message>
        <source>superseded</source>
        <translation>superseded</translation>
    </message>
    <message>
        <source>any status</source>
        <translation>any status</translation>
    </message>
    <message>
        <source>any area</source>
        <translation>any area</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Kind</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Area</source>
        <translation>Area</translation>
    </message>
    <message>
        <source>Refresh (F5)</source>
        <translation>Refresh (F5)</translation>
    </message>
    <message>
        <source>Number</source>
        <translation>Number</translation>
    </message>
    <message>
        <source>Account</source>
        <translation>Account</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Issued</source>
        <translation>Issued</translation>
    </message>
    <message>
        <source>Pay by</source>
        <translation>Pay by</translation>
    </message>
    <message>
        <source>Owes</source>
        <translation>Owes</translation>
    </message>
    <message>
        <source>Delivered</source>
        <translation>Delivered</translation>
    </message>
    <message>
        <source>Open PDF (Ctrl+O)</source>
        <translation>Open PDF (Ctrl+O)</translation>
    </message>
    <message>
        <source>Print on the receipt printer (Ctrl+P)</source>
        <translation>Print on the receipt printer (Ctrl+P)</translation>
    </message>
    <message>
        <source>Batch PDF of the area…</source>
        <translation>Batch PDF of the area…</translation>
    </message>
    <message>
        <source>Record delivery… (Ctrl+D)</source>
        <translation>Record delivery… (Ctrl+D)</translation>
    </message>
    <message>
        <source>Fetching notices…</source>
        <translation>Fetching notices…</translation>
    </message>
    <message>
        <source>Fetching the notice…</source>
        <translation>Fetching the notice…</translation>
    </message>
    <message>
        <source>Type the area first.</source>
        <translation>Type the area first.</translation>
    </message>
    <message>
        <source>Making the batch PDF…</source>
        <translation>Making the batch PDF…</translation>
    </message>
    <message>
        <source>Notice {number} sent to the receipt printer.</source>
        <translation>Notice {number} sent to the receipt printer.</translation>
    </message>
    <message>
        <source>Delivery of {number} recorded.</source>
        <translation>Delivery of {number} recorded.</translation>
    </message>
    <message>
        <source>Recording the delivery…</source>
        <translation>Recording the delivery…</translation>
    </message>
</context>
<context>
    <name>OpenShiftDialog</name>
    <message>
        <source>Open shift</source>
        <translation>Open shift</translation>
    </message>
    <message>
        <source>Note / coin</source>
        <translation>Note / coin</translation>
    </message>
    <message>
        <source>Count</source>
        <translation>Count</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>Value</translation>
    </message>
    <message>
        <source>No shift is open on counter {terminal}. {name}, count the opening float in the drawer by note and coin.</source>
        <translation>No shift is open on counter {terminal}. {name}, count the opening float in the drawer by note and coin.</translation>
    </message>
    <message>
        <source>Open shift (Enter)</source>
        <translation>Open shift (Enter)</translation>
    </message>
    <message>
        <source>Sign out (Esc)</source>
        <translation>Sign out (Esc)</translation>
    </message>
    <message>
        <source>Without a shift (reports, approvals)</source>
        <translation>Without a shift (reports, approvals)</translation>
    </message>
    <message>
        <source>Float {total}</source>
        <translation>Float {total}</translation>
    </message>
    <message>
        <source>Open the shift with a float of {total}?</source>
        <translation>Open the shift with a float of {total}?</translation>
    </message>
    <message>
        <source>The float is {total}: nothing was counted. Open the shift with an empty drawer?</source>
        <translation>The float is {total}: nothing was counted. Open the shift with an empty drawer?</translation>
    </message>
    <message>
        <source>Confirm the float</source>
        <translation>Confirm the float</translation>
    </message>
    <message>
        <source>Open shift ({total})</source>
        <translation>Open shift ({total})</translation>
    </message>
    <message>
        <source>Count again</source>
        <translation>Count again</translation>
    </message>
    <message>
        <source>Opening…</source>
        <translation>Opening…</translation>
    </message>
</context>
<context>
    <name>PaymentPanel</name>
    <message>
        <source>Payment</source>
        <translation>Payment</translation>
    </message>
    <message>
        <source>Amount ({key})</source>
        <translation>Amount ({key})</translation>
    </message>
    <message>
        <source>yuan, e.g. 120.50</source>
        <translation>yuan, e.g. 120.50</translation>
    </message>
    <message>
        <source>Cash (F5)</source>
        <translation>Cash (F5)</translation>
    </message>
    <message>
        <source>Bank card (F6)</source>
        <translation>Bank card (F6)</translation>
    </message>
    <message>
        <source>Cash + card (F7)</source>
        <translation>Cash + card (F7)</translation>
    </message>
    <message>
        <source>Cash tendered</source>
        <translation>Cash tendered</translation>
    </message>
    <message>
        <source>empty: exact amount</source>
        <translation>empty: exact amount</translation>
    </message>
    <message>
        <source>Reference (RRN)</source>
        <translation>Reference (RRN)</translation>
    </message>
    <message>
        <source>Auth code</source>
        <translation>Auth code</translation>
    </message>
    <message>
        <source>Masked card no.</source>
        <translation>Masked card no.</translation>
    </message>
    <message>
        <source>e.g. 622848******1234, never the full number</source>
        <translation>e.g. 622848******1234, never the full number</translation>
    </message>
    <message>
        <source>Cash part</source>
        <translation>Cash part</translation>
    </message>
    <message>
        <source>Card part</source>
        <translation>Card part</translation>
    </message>
    <message>
        <source>empty: exact cash part</source>
        <translation>empty: exact cash part</translation>
    </message>
    <message>
        <source>Change</source>
        <translation>Change</translation>
    </message>
    <message>
        <source>Confirm payment (Enter)</source>
        <translation>Confirm payment (Enter)</translation>
    </message>
    <message>
        <source>Exact cash ({key})</source>
        <translation>Exact cash ({key})</translation>
    </message>
    <message>
        <source>+{note} note ({key})</source>
        <translation>+{note} note ({key})</translation>
    </message>
</context>
<context>
    <name>PhoneDialog</name>
    <message>
        <source>Verify phone number</source>
        <translation>Verify phone number</translation>
    </message>
    <message>
        <source>Record phone number</source>
        <translation>Record phone number</translation>
    </message>
    <message>
        <source>11-digit mobile number, e.g. 13812345678</source>
        <translation>11-digit mobile number, e.g. 13812345678</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>Customer</translation>
    </message>
    <message>
        <source>Mobile</source>
        <translation>Mobile</translation>
    </message>
    <message>
        <source>Save (Enter)</source>
        <translation>Save (Enter)</translation>
    </message>
    <message>
        <source>Cancel (Esc)</source>
        <translation>Cancel (Esc)</translation>
    </message>
    <message>
        <source>Read the number to the customer. Saving it unchanged records it as verified today; correct it if the customer has a new one.</source>
        <translation>Read the number to the customer. Saving it unchanged records it as verified today; correct it if the customer has a new one.</translation>
    </message>
    <message>
        <source>A mainland mobile number has 11 digits and starts with 13 to 19.</source>
        <translation>A mainland mobile number has 11 digits and starts with 13 to 19.</translation>
    </message>
    <message>
        <source>Saving…</source>
        <translation>Saving…</translation>
    </message>
</context>
<context>
    <name>PortTableModel</name>
    <message>
        <source>Port</source>
        <translation>Port</translation>
    </message>
    <message>
        <source>Description</source>
        <translation>Description</translation>
    </message>
    <message>
        <source>VID:PID</source>
        <translation>VID:PID</translation>
    </message>
    <message>
        <source>Manufacturer</source>
        <translation>Manufacturer</translation>
    </message>
</context>
<context>
    <name>PrintQueueDialog</name>
    <message>
        <source>Receipts waiting to print</source>
        <translation>Receipts waiting to print</translation>
    </message>
    <message>
        <source>Receipt</source>
        <translation>Receipt</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Kind</translation>
    </message>
    <message>
        <source>State</source>
        <translation>State</translation>
    </message>
    <message>
        <source>Attempts</source>
        <translation>Attempts</translation>
    </message>
    <message>
        <source>Printer / last error</source>
        <translation>Printer / last error</translation>
    </message>
    <message>
        <source>Retry</source>
        <translation>Retry</translation>
    </message>
    <message>
        <source>Send to this printer</source>
        <translation>Send to this printer</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>Another printer:</source>
        <translation>Another printer:</translation>
    </message>
    <message>
        <source>Reprint</source>
        <translation>Reprint</translation>
    </message>
    <message>
        <source>Void slip</source>
        <translation>Void slip</translation>
    </message>
    <message>
        <source>Test page</source>
        <translation>Test page</translation>
    </message>
    <message>
        <source>Waiting</source>
        <translation>Waiting</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>Failed</translation>
    </message>
    <message>
        <source>screen</source>
        <translation>screen</translation>
    </message>
    <message>
        <source>Every receipt has been printed.</source>
        <translation>Every receipt has been printed.</translation>
    </message>
    <message>
        <source>Not a printer address: {error}</source>
        <translation>Not a printer address: {error}</translation>
    </message>
    <message>
        <source>Printing {receipt}…</source>
        <translation>Printing {receipt}…</translation>
    </message>
    <message>
        <source>Printed {receipt}.</source>
        <translation>Printed {receipt}.</translation>
    </message>
    <message>
        <source>Not printed: {error}</source>
        <translation>Not printed: {error}</translation>
    </message>
</context>
<context>
    <name>PrinterSetupDialog</name>
    <message>
        <source>Receipt printer setup</source>
        <translation>Receipt printer setup</translation>
    </message>
    <message>
        <source>58 mm (32 columns)</source>
        <translation>58 mm (32 columns)</translation>
    </message>
    <message>
        <source>80 mm (48 columns)</source>
        <translation>80 mm (48 columns)</translation>
    </message>
    <message>
        <source>Pin 2</source>
        <translation>Pin 2</translation>
    </message>
    <message>
        <source>Pin 5</source>
        <translation>Pin 5</translation>
    </message>
    <message>
        <source>Read status</source>
        <translation>Read status</translation>
    </message>
    <message>
        <source>Print test page</source>
        <translation>Print test page</translation>
    </message>
    <message>
        <source>Serial ports and USB printers found</source>
        <translation>Serial ports and USB printers found</translation>
    </message>
    <message>
        <source>Printer</source>
        <translation>Printer</translation>
    </message>
    <message>
        <source>Transport</source>
        <translation>Transport</translation>
    </message>
    <message>
        <source>Printer URI</source>
        <translation>Printer URI</translation>
    </message>
    <message>
        <source>Paper width</source>
        <translation>Paper width</translation>
    </message>
    <message>
        <source>Chinese encoding</source>
        <translation>Chinese encoding</translation>
    </message>
    <message>
        <source>Model profile</source>
        <translation>Model profile</translation>
    </message>
    <message>
        <source>Cash drawer</source>
        <translation>Cash drawer</translation>
    </message>
    <message>
        <source>Receipt footer</source>
        <translation>Receipt footer</translation>
    </message>
    <message>
        <source>Try it</source>
        <translation>Try it</translation>
    </message>
    <message>
        <source>Status:</source>
        <translation>Status:</translation>
    </message>
    <message>
        <source>Could not list devices: %1</source>
        <translation>Could not list devices: %1</translation>
    </message>
    <message>
        <source>Working…</source>
        <translation>Working…</translation>
    </message>
    <message>
        <source>Status read.</source>
        <translation>Status read.</translation>
    </message>
    <message>
        <source>Test page sent: %1 bytes.</source>
        <translation>Test page sent: %1 bytes.</translation>
    </message>
</context>
<context>
    <name>PrinterText</name>
    <message>
        <source>The printer at {where} refused the connection: it is off, or the address or port is wrong.</source>
        <translation>The printer at {where} refused the connection: it is off, or the address or port is wrong.</translation>
    </message>
    <message>
        <source>The printer at {where} did not answer: it is off or the network cable is out.</source>
        <translation>The printer at {where} did not answer: it is off or the network cable is out.</translation>
    </message>
    <message>
        <source>Cannot connect to the printer at {where}: check that it is on and on the network.</source>
        <translation>Cannot connect to the printer at {where}: check that it is on and on the network.</translation>
    </message>
    <message>
        <source>The printer at {where} broke off while printing: part of the receipt may have come out.</source>
        <translation>The printer at {where} broke off while printing: part of the receipt may have come out.</translation>
    </message>
    <message>
        <source>Cannot open the serial port {where}: check the printer cable and the port setting.</source>
        <translation>Cannot open the serial port {where}: check the printer cable and the port setting.</translation>
    </message>
    <message>
        <source>Sending to the printer on {where} failed: the receipt may be incomplete.</source>
        <translation>Sending to the printer on {where} failed: the receipt may be incomplete.</translation>
    </message>
    <message>
        <source>The USB printer {where} is not connected: check its cable and power.</source>
        <translation>The USB printer {where} is not connected: check its cable and power.</translation>
    </message>
    <message>
        <source>Cannot open the printer device {where}: check the cable and power.</source>
        <translation>Cannot open the printer device {where}: check the cable and power.</translation>
    </message>
    <message>
        <source>Sending to the printer device {where} failed: the receipt may be incomplete.</source>
        <translation>Sending to the printer device {where} failed: the receipt may be incomplete.</translation>
    </message>
    <message>
        <source>The print system (CUPS) is not installed on this computer; call the technician.</source>
        <translation>The print system (CUPS) is not installed on this computer; call the technician.</translation>
    </message>
    <message>
        <source>The print queue {where} refused the receipt; call the technician.</source>
        <translation>The print queue {where} refused the receipt; call the technician.</translation>
    </message>
    <message>
        <source>The Windows printer did not take the receipt; call the technician.</source>
        <translation>The Windows printer did not take the receipt; call the technician.</translation>
    </message>
    <message>
        <source>The printer is out of paper: load a roll.</source>
        <translation>The printer is out of paper: load a roll.</translation>
    </message>
    <message>
        <source>The printer cover is open: close it.</source>
        <translation>The printer cover is open: close it.</translation>
    </message>
    <message>
        <source>The printer is offline: check its lights, paper and cover.</source>
        <translation>The printer is offline: check its lights, paper and cover.</translation>
    </message>
    <message>
        <source>The printer did not take the receipt.</source>
        <translation>The printer did not take the receipt.</translation>
    </message>
    <message>
        <source>Online</source>
        <translation>Online</translation>
    </message>
    <message>
        <source>Paper nearly out</source>
        <translation>Paper nearly out</translation>
    </message>
    <message>
        <source>Out of paper</source>
        <translation>Out of paper</translation>
    </message>
    <message>
        <source>Offline</source>
        <translation>Offline</translation>
    </message>
    <message>
        <source>Status unknown</source>
        <translation>Status unknown</translation>
    </message>
    <message>
        <source>cover open</source>
        <translation>cover open</translation>
    </message>
    <message>
        <source>printer fault</source>
        <translation>printer fault</translation>
    </message>
    <message>
        <source>feed button held</source>
        <translation>feed button held</translation>
    </message>
    <message>
        <source>paper sensor not read</source>
        <translation>paper sensor not read</translation>
    </message>
    <message>
        <source>no status answer</source>
        <translation>no status answer</translation>
    </message>
    <message>
        <source>{state} ({detail})</source>
        <translation>{state} ({detail})</translation>
    </message>
    <message>
        <source>, </source>
        <translation>, </translation>
    </message>
</context>
<context>
    <name>Product</name>
    <message>
        <source>Hall Counter</source>
        <translation>Hall Counter</translation>
    </message>
</context>
<context>
    <name>QFileDialog</name>
    <message>
        <source>&amp;Look in:</source>
        <translation>&amp;Look in:</translation>
    </message>
    <message>
        <source>Files of &amp;type:</source>
        <translation>Files of &amp;type:</translation>
    </message>
</context>
<context>
    <name>ReceiptPreviewDialog</name>
    <message>
        <source>Receipt (reprint)</source>
        <translation>Receipt (reprint)</translation>
    </message>
    <message>
        <source>Receipt</source>
        <translation>Receipt</translation>
    </message>
    <message>
        <source>REPRINT — not a new payment</source>
        <translation>REPRINT — not a new payment</translation>
    </message>
    <message>
        <source>Change {amount}</source>
        <translation>Change {amount}</translation>
    </message>
    <message>
        <source>Payment saved</source>
        <translation>Payment saved</translation>
    </message>
    <message>
        <source>Next customer (Enter)</source>
        <translation>Next customer (Enter)</translation>
    </message>
</context>
<context>
    <name>ReceiptsPart</name>
    <message>
        <source>Printing…</source>
        <translation>Printing…</translation>
    </message>
    <message>
        <source>Printed.</source>
        <translation>Printed.</translation>
    </message>
    <message>
        <source>NOT printed: {error} The payment is saved; the receipt waits in Ctrl+P to be printed again.</source>
        <translation>NOT printed: {error} The payment is saved; the receipt waits in Ctrl+P to be printed again.</translation>
    </message>
    <message>
        <source>No receipt on this counter yet.</source>
        <translation>No receipt on this counter yet.</translation>
    </message>
    <message>
        <source>Reprint</source>
        <translation>Reprint</translation>
    </message>
    <message>
        <source>This receipt has been reprinted the allowed number of times. A supervisor must approve another copy.</source>
        <translation>This receipt has been reprinted the allowed number of times. A supervisor must approve another copy.</translation>
    </message>
    <message>
        <source>No receipt printer is set up, so there is no cash drawer to open.</source>
        <translation>No receipt printer is set up, so there is no cash drawer to open.</translation>
    </message>
    <message>
        <source>Opening the cash drawer without a sale needs a supervisor. Reason, then the supervisor&apos;s user ID and PIN:</source>
        <translation>Opening the cash drawer without a sale needs a supervisor. Reason, then the supervisor&apos;s user ID and PIN:</translation>
    </message>
    <message>
        <source>change for a customer</source>
        <translation>change for a customer</translation>
    </message>
    <message>
        <source>Cash drawer opened.</source>
        <translation>Cash drawer opened.</translation>
    </message>
    <message>
        <source>The cash drawer did not open: {reason}</source>
        <translation>The cash drawer did not open: {reason}</translation>
    </message>
</context>
<context>
    <name>ReconciliationView</name>
    <message>
        <source>Reconcile with the ledger</source>
        <translation>Reconcile with the ledger</translation>
    </message>
    <message>
        <source>Shift</source>
        <translation>Shift</translation>
    </message>
    <message>
        <source>Counter count</source>
        <translation>Counter count</translation>
    </message>
    <message>
        <source>Ledger count</source>
        <translation>Ledger count</translation>
    </message>
    <message>
        <source>Counter total</source>
        <translation>Counter total</translation>
    </message>
    <message>
        <source>Ledger total</source>
        <translation>Ledger total</translation>
    </message>
    <message>
        <source>Match</source>
        <translation>Match</translation>
    </message>
    <message>
        <source>Shift report</source>
        <translation>Shift report</translation>
    </message>
    <message>
        <source>Problem</source>
        <translation>Problem</translation>
    </message>
    <message>
        <source>Receipt</source>
        <translation>Receipt</translation>
    </message>
    <message>
        <source>Counter</source>
        <translation>Counter</translation>
    </message>
    <message>
        <source>Ledger / note</source>
        <translation>Ledger / note</translation>
    </message>
    <message>
        <source>Reconciliation with the ledger</source>
        <translation>Reconciliation with the ledger</translation>
    </message>
    <message>
        <source>No ledger is connected (ledger.url is empty).</source>
        <translation>No ledger is connected (ledger.url is empty).</translation>
    </message>
    <message>
        <source>Asking the ledger…</source>
        <translation>Asking the ledger…</translation>
    </message>
    <message>
        <source>Missing at the ledger</source>
        <translation>Missing at the ledger</translation>
    </message>
    <message>
        <source>Extra at the ledger</source>
        <translation>Extra at the ledger</translation>
    </message>
    <message>
        <source>Different</source>
        <translation>Different</translation>
    </message>
    <message>
        <source>Receipt number twice</source>
        <translation>Receipt number twice</translation>
    </message>
    <message>
        <source>agrees</source>
        <translation>agrees</translation>
    </message>
    <message>
        <source>differs</source>
        <translation>differs</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>yes</translation>
    </message>
    <message>
        <source>NO</source>
        <translation>NO</translation>
    </message>
    <message>
        <source>Counter and ledger agree.</source>
        <translation>Counter and ledger agree.</translation>
    </message>
    <message>
        <source>{n} difference(s) found.</source>
        <translation>{n} difference(s) found.</translation>
    </message>
</context>
<context>
    <name>ReconnectionsTab</name>
    <message>
        <source>Open reconnection tasks: supply back within the deadline after the arrears were paid.</source>
        <translation>Open reconnection tasks: supply back within the deadline after the arrears were paid.</translation>
    </message>
    <message>
        <source>Refresh (F5)</source>
        <translation>Refresh (F5)</translation>
    </message>
    <message>
        <source>Task</source>
        <translation>Task</translation>
    </message>
    <message>
        <source>Account</source>
        <translation>Account</translation>
    </message>
    <message>
        <source>Request</source>
        <translation>Request</translation>
    </message>
    <message>
        <source>Opened</source>
        <translation>Opened</translation>
    </message>
    <message>
        <source>Deadline</source>
        <translation>Deadline</translation>
    </message>
    <message>
        <source>Time left</source>
        <translation>Time left</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Close the task (supply is back)</source>
        <translation>Close the task (supply is back)</translation>
    </message>
    <message>
        <source>Fetching reconnection tasks…</source>
        <translation>Fetching reconnection tasks…</translation>
    </message>
    <message>
        <source>Task {id} closed.</source>
        <translation>Task {id} closed.</translation>
    </message>
    <message>
        <source>Closing…</source>
        <translation>Closing…</translation>
    </message>
</context>
<context>
    <name>RefundDialog</name>
    <message>
        <source>Refund prepaid credit</source>
        <translation>Refund prepaid credit</translation>
    </message>
    <message>
        <source>Refund</source>
        <translation>Refund</translation>
    </message>
    <message>
        <source>Amount (¥)</source>
        <translation>Amount (¥)</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Reason</translation>
    </message>
    <message>
        <source>Only prepaid credit of payments from closed shifts is refunded here; a payment of the open shift is voided instead. The cash comes out of this shift&apos;s drawer.</source>
        <translation>Only prepaid credit of payments from closed shifts is refunded here; a payment of the open shift is voided instead. The cash comes out of this shift&apos;s drawer.</translation>
    </message>
    <message>
        <source>No prepaid credit to refund on this account.</source>
        <translation>No prepaid credit to refund on this account.</translation>
    </message>
    <message>
        <source>Supervisor: approve refunding {amount} of prepaid credit on account {account}.</source>
        <translation>Supervisor: approve refunding {amount} of prepaid credit on account {account}.</translation>
    </message>
    <message>
        <source>Refunded {amount} on receipt {receipt}.</source>
        <translation>Refunded {amount} on receipt {receipt}.</translation>
    </message>
</context>
<context>
    <name>RefundableModel</name>
    <message>
        <source>Receipt</source>
        <translation>Receipt</translation>
    </message>
    <message>
        <source>Paid at</source>
        <translation>Paid at</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>Amount</translation>
    </message>
    <message>
        <source>Credit left</source>
        <translation>Credit left</translation>
    </message>
    <message>
        <source>Refundable</source>
        <translation>Refundable</translation>
    </message>
</context>
<context>
    <name>Roles</name>
    <message>
        <source>Cashier</source>
        <translation>Cashier</translation>
    </message>
    <message>
        <source>Supervisor</source>
        <translation>Supervisor</translation>
    </message>
    <message>
        <source>Technician</source>
        <translation>Technician</translation>
    </message>
    <message>
        <source>Administrator</source>
        <translation>Administrator</translation>
    </message>
</context>
<context>
    <name>RunsTab</name>
    <message>
        <source>every class</source>
        <translation>every class</translation>
    </message>
    <message>
        <source>Residential</source>
        <translation>Residential</translation>
    </message>
    <message>
        <source>Non-residential</source>
        <translation>Non-residential</translation>
    </message>
    <message>
        <source>Important users</source>
        <translation>Important users</translation>
    </message>
    <message>
        <source>Propose a run (Ctrl+N)</source>
        <translation>Propose a run (Ctrl+N)</translation>
    </message>
    <message>
        <source>Refresh (F5)</source>
        <translation>Refresh (F5)</translation>
    </message>
    <message>
        <source>As of</source>
        <translation>As of</translation>
    </message>
    <message>
        <source>Class</source>
        <translation>Class</translation>
    </message>
    <message>
        <source>Run</source>
        <translation>Run</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Proposed by</source>
        <translation>Proposed by</translation>
    </message>
    <message>
        <source>Executed by</source>
        <translation>Executed by</translation>
    </message>
    <message>
        <source>Account</source>
        <translation>Account</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Area</source>
        <translation>Area</translation>
    </message>
    <message>
        <source>Days overdue</source>
        <translation>Days overdue</translation>
    </message>
    <message>
        <source>Owes</source>
        <translation>Owes</translation>
    </message>
    <message>
        <source>Now</source>
        <translation>Now</translation>
    </message>
    <message>
        <source>Proposed</source>
        <translation>Proposed</translation>
    </message>
    <message>
        <source>Final</source>
        <translation>Final</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>Action</translation>
    </message>
    <message>
        <source>Blocked</source>
        <translation>Blocked</translation>
    </message>
    <message>
        <source>blocked</source>
        <translation>blocked</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>Note</translation>
    </message>
    <message>
        <source>Raise one level (+)</source>
        <translation>Raise one level (+)</translation>
    </message>
    <message>
        <source>Lower one level (-)</source>
        <translation>Lower one level (-)</translation>
    </message>
    <message>
        <source>Block / unblock (B)</source>
        <translation>Block / unblock (B)</translation>
    </message>
    <message>
        <source>Execute the run…</source>
        <translation>Execute the run…</translation>
    </message>
    <message>
        <source>Reverse the run…</source>
        <translation>Reverse the run…</translation>
    </message>
    <message>
        <source>Fetching dunning runs…</source>
        <translation>Fetching dunning runs…</translation>
    </message>
    <message>
        <source>Fetching the run…</source>
        <translation>Fetching the run…</translation>
    </message>
    <message>
        <source>Run {run}: {n} lines, {d} to be dunned ({status})</source>
        <translation>Run {run}: {n} lines, {d} to be dunned ({status})</translation>
    </message>
    <message>
        <source>Proposing a run…</source>
        <translation>Proposing a run…</translation>
    </message>
    <message>
        <source>Run {run} proposed: review its lines, then execute it.</source>
        <translation>Run {run} proposed: review its lines, then execute it.</translation>
    </message>
    <message>
        <source>Changing the line…</source>
        <translation>Changing the line…</translation>
    </message>
    <message>
        <source>Run {run} executed.</source>
        <translation>Run {run} executed.</translation>
    </message>
    <message>
        <source>Executing the run…</source>
        <translation>Executing the run…</translation>
    </message>
    <message>
        <source>Execute run {run}? Its notices and reminders go out and it can then only be reversed.</source>
        <translation>Execute run {run}? Its notices and reminders go out and it can then only be reversed.</translation>
    </message>
    <message>
        <source>Run {run} reversed.</source>
        <translation>Run {run} reversed.</translation>
    </message>
    <message>
        <source>Reversing the run…</source>
        <translation>Reversing the run…</translation>
    </message>
    <message>
        <source>Reverse run {run}</source>
        <translation>Reverse run {run}</translation>
    </message>
    <message>
        <source>Reason for the reversal:</source>
        <translation>Reason for the reversal:</translation>
    </message>
</context>
<context>
    <name>SearchBar</name>
    <message>
        <source>Search (F2)</source>
        <translation>Search (F2)</translation>
    </message>
    <message>
        <source>Account number, phone, name or address</source>
        <translation>Account number, phone, name or address</translation>
    </message>
    <message>
        <source>Search</source>
        <translation>Search</translation>
    </message>
</context>
<context>
    <name>SessionPart</name>
    <message>
        <source>Checking the data…</source>
        <translation>Checking the data…</translation>
    </message>
    <message>
        <source>Sign-in is not possible: {reason}</source>
        <translation>Sign-in is not possible: {reason}</translation>
    </message>
    <message>
        <source>Shift #{id} was opened by {opener}. This hall hands a shift over with a count: close it (Shift ▸ Close shift…), then open your own. Look-up only until then.</source>
        <translation>Shift #{id} was opened by {opener}. This hall hands a shift over with a count: close it (Shift ▸ Close shift…), then open your own. Look-up only until then.</translation>
    </message>
    <message>
        <source>No shift is open: look-up only.</source>
        <translation>No shift is open: look-up only.</translation>
    </message>
    <message>
        <source>Counter locked.</source>
        <translation>Counter locked.</translation>
    </message>
    <message>
        <source>Counter locked. Shift #{id} stays open; any cashier may sign in to continue it.</source>
        <translation>Counter locked. Shift #{id} stays open; any cashier may sign in to continue it.</translation>
    </message>
    <message>
        <source>Counter locked. Shift #{id} stays open; its cashier signs in to continue it, anyone else hands it over with a count.</source>
        <translation>Counter locked. Shift #{id} stays open; its cashier signs in to continue it, anyone else hands it over with a count.</translation>
    </message>
</context>
<context>
    <name>SetupWizard</name>
    <message>
        <source>Set up a new counter</source>
        <translation>Set up a new counter</translation>
    </message>
    <message>
        <source>Next &gt;</source>
        <translation>Next &gt;</translation>
    </message>
    <message>
        <source>&lt; Back</source>
        <translation>&lt; Back</translation>
    </message>
    <message>
        <source>Finish</source>
        <translation>Finish</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Cancel</translation>
    </message>
</context>
<context>
    <name>ShiftCloseDialog</name>
    <message>
        <source>Close shift</source>
        <translation>Close shift</translation>
    </message>
    <message>
        <source>Starting the close…</source>
        <translation>Starting the close…</translation>
    </message>
    <message>
        <source>Card total on the bank terminal&apos;s settlement slip</source>
        <translation>Card total on the bank terminal&apos;s settlement slip</translation>
    </message>
    <message>
        <source>POS settlement (¥)</source>
        <translation>POS settlement (¥)</translation>
    </message>
    <message>
        <source>Enter count</source>
        <translation>Enter count</translation>
    </message>
    <message>
        <source>Expected cash</source>
        <translation>Expected cash</translation>
    </message>
    <message>
        <source>Counted cash</source>
        <translation>Counted cash</translation>
    </message>
    <message>
        <source>Cash over/short</source>
        <translation>Cash over/short</translation>
    </message>
    <message>
        <source>Card total</source>
        <translation>Card total</translation>
    </message>
    <message>
        <source>POS settlement</source>
        <translation>POS settlement</translation>
    </message>
    <message>
        <source>Card difference</source>
        <translation>Card difference</translation>
    </message>
    <message>
        <source>Reason to close with payments not yet at the ledger</source>
        <translation>Reason to close with payments not yet at the ledger</translation>
    </message>
    <message>
        <source>Supervisor id</source>
        <translation>Supervisor id</translation>
    </message>
    <message>
        <source>Supervisor PIN</source>
        <translation>Supervisor PIN</translation>
    </message>
    <message>
        <source>Sign off and close</source>
        <translation>Sign off and close</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>Done</translation>
    </message>
    <message>
        <source>The count of shift {shift} was already entered.</source>
        <translation>The count of shift {shift} was already entered.</translation>
    </message>
    <message>
        <source>Shift {shift} on counter {terminal}, opened by {user} at {at}. Count the drawer by note and coin and type the bank terminal&apos;s settlement total. The expected amounts are shown after the count is entered.</source>
        <translation>Shift {shift} on counter {terminal}, opened by {user} at {at}. Count the drawer by note and coin and type the bank terminal&apos;s settlement total. The expected amounts are shown after the count is entered.</translation>
    </message>
    <message>
        <source>Counted {total}</source>
        <translation>Counted {total}</translation>
    </message>
    <message>
        <source>Shift {shift} is closed. Counted by {counter}, signed off by {supervisor}. The Z report is ready to print and is queued for the ledger.</source>
        <translation>Shift {shift} is closed. Counted by {counter}, signed off by {supervisor}. The Z report is ready to print and is queued for the ledger.</translation>
    </message>
    <message>
        <source>{n} payment(s) are not yet at the ledger. Override reason</source>
        <translation>{n} payment(s) are not yet at the ledger. Override reason</translation>
    </message>
    <message>
        <source>{n} payment(s) of this shift are still queued for the ledger. Wait for the sync, or give a reason to close anyway.</source>
        <translation>{n} payment(s) of this shift are still queued for the ledger. Wait for the sync, or give a reason to close anyway.</translation>
    </message>
</context>
<context>
    <name>ShiftPaymentsModel</name>
    <message>
        <source>Receipt</source>
        <translation>Receipt</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Time</translation>
    </message>
    <message>
        <source>Account</source>
        <translation>Account</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>Customer</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>Amount</translation>
    </message>
    <message>
        <source>Cash</source>
        <translation>Cash</translation>
    </message>
    <message>
        <source>Card</source>
        <translation>Card</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>void</source>
        <translation>void</translation>
    </message>
    <message>
        <source>paid</source>
        <translation>paid</translation>
    </message>
</context>
<context>
    <name>ShiftReportsView</name>
    <message>
        <source>Shift reports</source>
        <translation>Shift reports</translation>
    </message>
    <message>
        <source>Shift</source>
        <translation>Shift</translation>
    </message>
    <message>
        <source>Opened by</source>
        <translation>Opened by</translation>
    </message>
    <message>
        <source>Opened at</source>
        <translation>Opened at</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Closed at</source>
        <translation>Closed at</translation>
    </message>
    <message>
        <source>Print X report</source>
        <translation>Print X report</translation>
    </message>
    <message>
        <source>Save Z report (PDF)</source>
        <translation>Save Z report (PDF)</translation>
    </message>
    <message>
        <source>Print Z slip</source>
        <translation>Print Z slip</translation>
    </message>
    <message>
        <source>Save deposit slip (PDF)</source>
        <translation>Save deposit slip (PDF)</translation>
    </message>
    <message>
        <source>Open the PDF</source>
        <translation>Open the PDF</translation>
    </message>
    <message>
        <source>open</source>
        <translation>open</translation>
    </message>
    <message>
        <source>counting</source>
        <translation>counting</translation>
    </message>
    <message>
        <source>counted</source>
        <translation>counted</translation>
    </message>
    <message>
        <source>signed off</source>
        <translation>signed off</translation>
    </message>
    <message>
        <source>closed</source>
        <translation>closed</translation>
    </message>
    <message>
        <source>Save PDF</source>
        <translation>Save PDF</translation>
    </message>
    <message>
        <source>PDF files (*.pdf)</source>
        <translation>PDF files (*.pdf)</translation>
    </message>
    <message>
        <source>Slip ready for the receipt printer.</source>
        <translation>Slip ready for the receipt printer.</translation>
    </message>
    <message>
        <source>Saved {path}</source>
        <translation>Saved {path}</translation>
    </message>
</context>
<context>
    <name>SmsTab</name>
    <message>
        <source>Templates (drafted by one person, approved by another)</source>
        <translation>Templates (drafted by one person, approved by another)</translation>
    </message>
    <message>
        <source>Refresh (F5)</source>
        <translation>Refresh (F5)</translation>
    </message>
    <message>
        <source>Template</source>
        <translation>Template</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Drafted by</source>
        <translation>Drafted by</translation>
    </message>
    <message>
        <source>Approved by</source>
        <translation>Approved by</translation>
    </message>
    <message>
        <source>Text</source>
        <translation>Text</translation>
    </message>
    <message>
        <source>Draft a template…</source>
        <translation>Draft a template…</translation>
    </message>
    <message>
        <source>Approve the template</source>
        <translation>Approve the template</translation>
    </message>
    <message>
        <source>any status</source>
        <translation>any status</translation>
    </message>
    <message>
        <source>any account</source>
        <translation>any account</translation>
    </message>
    <message>
        <source>SMS log</source>
        <translation>SMS log</translation>
    </message>
    <message>
        <source>Show</source>
        <translation>Show</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>Created</translation>
    </message>
    <message>
        <source>Account</source>
        <translation>Account</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>Phone</translation>
    </message>
    <message>
        <source>Receipt</source>
        <translation>Receipt</translation>
    </message>
    <message>
        <source>Parts</source>
        <translation>Parts</translation>
    </message>
    <message>
        <source>Fetching templates…</source>
        <translation>Fetching templates…</translation>
    </message>
    <message>
        <source>Fetching the SMS log…</source>
        <translation>Fetching the SMS log…</translation>
    </message>
    <message>
        <source>Draft an SMS template</source>
        <translation>Draft an SMS template</translation>
    </message>
    <message>
        <source>Payment-reminder wording, with variables such as ${name} ${amount}</source>
        <translation>Payment-reminder wording, with variables such as ${name} ${amount}</translation>
    </message>
    <message>
        <source>Template drafted: another supervisor approves it.</source>
        <translation>Template drafted: another supervisor approves it.</translation>
    </message>
    <message>
        <source>Saving the draft…</source>
        <translation>Saving the draft…</translation>
    </message>
    <message>
        <source>Template {t} approved.</source>
        <translation>Template {t} approved.</translation>
    </message>
    <message>
        <source>Approving…</source>
        <translation>Approving…</translation>
    </message>
</context>
<context>
    <name>StopSupplyTab</name>
    <message>
        <source>any status</source>
        <translation>any status</translation>
    </message>
    <message>
        <source>requested</source>
        <translation>requested</translation>
    </message>
    <message>
        <source>approved</source>
        <translation>approved</translation>
    </message>
    <message>
        <source>stopped</source>
        <translation>stopped</translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation>cancelled</translation>
    </message>
    <message>
        <source>reconnected</source>
        <translation>reconnected</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Refresh (F5)</source>
        <translation>Refresh (F5)</translation>
    </message>
    <message>
        <source>Request</source>
        <translation>Request</translation>
    </message>
    <message>
        <source>Account</source>
        <translation>Account</translation>
    </message>
    <message>
        <source>Class</source>
        <translation>Class</translation>
    </message>
    <message>
        <source>Planned</source>
        <translation>Planned</translation>
    </message>
    <message>
        <source>Notice</source>
        <translation>Notice</translation>
    </message>
    <message>
        <source>Requested by</source>
        <translation>Requested by</translation>
    </message>
    <message>
        <source>Approved by</source>
        <translation>Approved by</translation>
    </message>
    <message>
        <source>Conditions</source>
        <translation>Conditions</translation>
    </message>
    <message>
        <source>Condition</source>
        <translation>Condition</translation>
    </message>
    <message>
        <source>Detail</source>
        <translation>Detail</translation>
    </message>
    <message>
        <source>Basis</source>
        <translation>Basis</translation>
    </message>
    <message>
        <source>Approve (second supervisor)…</source>
        <translation>Approve (second supervisor)…</translation>
    </message>
    <message>
        <source>Cancel the request…</source>
        <translation>Cancel the request…</translation>
    </message>
    <message>
        <source>Fetching stop-supply requests…</source>
        <translation>Fetching stop-supply requests…</translation>
    </message>
    <message>
        <source>Stop-supply request {id} approved.</source>
        <translation>Stop-supply request {id} approved.</translation>
    </message>
    <message>
        <source>Not approved.</source>
        <translation>Not approved.</translation>
    </message>
    <message>
        <source>A second supervisor approves stopping supply to account {account}.</source>
        <translation>A second supervisor approves stopping supply to account {account}.</translation>
    </message>
    <message>
        <source>Request {id} cancelled.</source>
        <translation>Request {id} cancelled.</translation>
    </message>
    <message>
        <source>Cancelling…</source>
        <translation>Cancelling…</translation>
    </message>
    <message>
        <source>Cancel stop-supply request {id}</source>
        <translation>Cancel stop-supply request {id}</translation>
    </message>
    <message>
        <source>Reason:</source>
        <translation>Reason:</translation>
    </message>
</context>
<context>
    <name>SupervisorMenus</name>
    <message>
        <source>&amp;Shift</source>
        <translation>&amp;Shift</translation>
    </message>
    <message>
        <source>&amp;Admin</source>
        <translation>&amp;Admin</translation>
    </message>
    <message>
        <source>Close shift…</source>
        <translation>Close shift…</translation>
    </message>
    <message>
        <source>Cash in…</source>
        <translation>Cash in…</translation>
    </message>
    <message>
        <source>Cash out…</source>
        <translation>Cash out…</translation>
    </message>
    <message>
        <source>Print X report</source>
        <translation>Print X report</translation>
    </message>
    <message>
        <source>Shift reports…</source>
        <translation>Shift reports…</translation>
    </message>
    <message>
        <source>Reconcile with the ledger…</source>
        <translation>Reconcile with the ledger…</translation>
    </message>
    <message>
        <source>Void a payment…</source>
        <translation>Void a payment…</translation>
    </message>
    <message>
        <source>Refund prepaid credit…</source>
        <translation>Refund prepaid credit…</translation>
    </message>
    <message>
        <source>Waive a late fee…</source>
        <translation>Waive a late fee…</translation>
    </message>
    <message>
        <source>Audit trail…</source>
        <translation>Audit trail…</translation>
    </message>
    <message>
        <source>Users…</source>
        <translation>Users…</translation>
    </message>
    <message>
        <source>Collections (arrears and dunning)…</source>
        <translation>Collections (arrears and dunning)…</translation>
    </message>
    <message>
        <source>Not done</source>
        <translation>Not done</translation>
    </message>
</context>
<context>
    <name>SupervisorPart</name>
    <message>
        <source>No shift is open: look-up only.</source>
        <translation>No shift is open: look-up only.</translation>
    </message>
</context>
<context>
    <name>UserAdminDialog</name>
    <message>
        <source>Cashier</source>
        <translation>Cashier</translation>
    </message>
    <message>
        <source>Supervisor</source>
        <translation>Supervisor</translation>
    </message>
    <message>
        <source>Technician</source>
        <translation>Technician</translation>
    </message>
    <message>
        <source>Administrator</source>
        <translation>Administrator</translation>
    </message>
    <message>
        <source>Users</source>
        <translation>Users</translation>
    </message>
    <message>
        <source>Add user</source>
        <translation>Add user</translation>
    </message>
    <message>
        <source>User ID</source>
        <translation>User ID</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>Role</translation>
    </message>
    <message>
        <source>PIN (4–8 digits)</source>
        <translation>PIN (4–8 digits)</translation>
    </message>
    <message>
        <source>New user</source>
        <translation>New user</translation>
    </message>
    <message>
        <source>Disable</source>
        <translation>Disable</translation>
    </message>
    <message>
        <source>Reset PIN</source>
        <translation>Reset PIN</translation>
    </message>
    <message>
        <source>Change role</source>
        <translation>Change role</translation>
    </message>
    <message>
        <source>New PIN</source>
        <translation>New PIN</translation>
    </message>
    <message>
        <source>Selected user</source>
        <translation>Selected user</translation>
    </message>
    <message>
        <source>Enable</source>
        <translation>Enable</translation>
    </message>
    <message>
        <source>User {user} added.</source>
        <translation>User {user} added.</translation>
    </message>
    <message>
        <source>User {user} enabled.</source>
        <translation>User {user} enabled.</translation>
    </message>
    <message>
        <source>User {user} disabled.</source>
        <translation>User {user} disabled.</translation>
    </message>
    <message>
        <source>PIN of {user} reset.</source>
        <translation>PIN of {user} reset.</translation>
    </message>
    <message>
        <source>Role of {user} changed.</source>
        <translation>Role of {user} changed.</translation>
    </message>
</context>
<context>
    <name>UserAdminModel</name>
    <message>
        <source>User ID</source>
        <translation>User ID</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>Role</translation>
    </message>
    <message>
        <source>Active</source>
        <translation>Active</translation>
    </message>
    <message>
        <source>Locked until</source>
        <translation>Locked until</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>yes</translation>
    </message>
    <message>
        <source>disabled</source>
        <translation>disabled</translation>
    </message>
</context>
<context>
    <name>UsersModel</name>
    <message>
        <source>User ID</source>
        <translation>User ID</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>Role</translation>
    </message>
    <message>
        <source>Demo PIN</source>
        <translation>Demo PIN</translation>
    </message>
</context>
<context>
    <name>VoidDialog</name>
    <message>
        <source>Void a payment</source>
        <translation>Void a payment</translation>
    </message>
    <message>
        <source>Why is this payment void? (printed on the slip)</source>
        <translation>Why is this payment void? (printed on the slip)</translation>
    </message>
    <message>
        <source>Void payment</source>
        <translation>Void payment</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Reason</translation>
    </message>
    <message>
        <source>Payments of this shift on this counter. A supervisor approves the void with their own ID and PIN; the bills and prepaid credit are put back as they were.</source>
        <translation>Payments of this shift on this counter. A supervisor approves the void with their own ID and PIN; the bills and prepaid credit are put back as they were.</translation>
    </message>
    <message>
        <source>No payments in this shift.</source>
        <translation>No payments in this shift.</translation>
    </message>
    <message>
        <source>Supervisor: approve voiding receipt {receipt} ({amount}).</source>
        <translation>Supervisor: approve voiding receipt {receipt} ({amount}).</translation>
    </message>
    <message>
        <source>Receipt {receipt} is void (approved by {approver}).</source>
        <translation>Receipt {receipt} is void (approved by {approver}).</translation>
    </message>
</context>
<context>
    <name>WaiverDialog</name>
    <message>
        <source>Waive a late fee</source>
        <translation>Waive a late fee</translation>
    </message>
    <message>
        <source>Waive late fee</source>
        <translation>Waive late fee</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Reason</translation>
    </message>
    <message>
        <source>No late fee to waive on this account.</source>
        <translation>No late fee to waive on this account.</translation>
    </message>
    <message>
        <source>Supervisor: approve waiving the late fee of {amount} on bill {period} of account {account}.</source>
        <translation>Supervisor: approve waiving the late fee of {amount} on bill {period} of account {account}.</translation>
    </message>
    <message>
        <source>Late fee of {amount} waived.</source>
        <translation>Late fee of {amount} waived.</translation>
    </message>
</context>
</TS>
