# The dashboard's files and reports (dashboard/exports.py, followup.py, report.py): exports, pledge follow-up and the
# council report.

files-nav-exports = Exports
files-nav-followup = Pledge follow-up
files-nav-report = Council report

files-exports-heading = Exports: { $region }
files-exports-intro = Download your region's lists as CSV or Excel. No one's phone number or national ID is in these files; each person appears by their referral code. Every export is written to the audit log.
files-exports-caption = The lists you can download
files-col-table = List
files-col-download = Download
files-table-participants = Campaign participants
files-table-pledges = Pledges
files-table-volunteers = Volunteers
files-download-csv = Download { $table } (CSV)
files-download-xlsx = Download { $table } (Excel)
export-col-joined_at = Joined on

files-upload-heading = Record confirmed payments
files-upload-how =
    Upload a CSV of confirmed payments. Columns: pledge_id, or referral_code with amount (in tomans).
    If even one row is wrong, nothing is recorded and you see the wrong rows by their numbers.
files-upload-label = Payments CSV file
files-upload-button = Upload and record
files-upload-too-large-heading = This file is larger than allowed
files-upload-too-large = A payments file must be under one megabyte (up to 10,000 rows). Split it into smaller files and upload each one. Nothing was recorded.
files-upload-missing-heading = No file was uploaded
files-upload-missing = Choose the payments CSV file, then press «Upload and record». Nothing was recorded.
files-upload-bad-heading = No payment was recorded
files-upload-bad = This file has { $count } wrong rows, so nothing was recorded:
files-upload-fix = Correct these rows and upload the file again.
files-upload-done-heading = Payments recorded
files-upload-done = { $matched } pledges recorded as fulfilled. { $unmatched } rows matched no open pledge.
files-back-to-followup = Back to pledge follow-up
files-overdue-heading = Overdue pledges: { $total }
files-overdue-caption = { $shown } of { $total } pledges, longest overdue first
files-overdue-none = There are no overdue pledges in your region.
files-col-place = Region

files-reports-heading = Quarterly report for the provincial council
files-reports-intro = Open the one-page quarterly report of a province in your region and print it on A4 paper or to PDF with the browser's print command.
files-reports-caption = This quarter's and last quarter's reports
files-quarter-name = Quarter { $quarter } of { $year }
files-report-link = { $province } report, { $quarter }
files-report-title = { $province } council report, { $quarter }
files-report-steps = Other quarters
files-report-previous = Previous quarter ({ $quarter })
files-report-next = Next quarter ({ $quarter })
files-report-print-how = To print or save as PDF, use the browser's print command; the report fits on one A4 sheet.
files-report-heading = Hamyar report for the { $province } council: { $quarter }
files-report-range = From { $first } to { $last }
files-report-county-only = { $county } county only (your region)
files-report-map = Map of the counties of { $province }
files-report-figures = Figures for { $quarter }
files-fig-participants = New campaign participants
files-fig-pledged = Pledges made
files-fig-fulfilled = Pledges fulfilled
files-fig-pledges = { $count } pledges, { $tomans } tomans
files-fig-volunteers = Volunteers
files-fig-volunteers-value = { $total } volunteers ({ $new } new)
files-fig-hours = Volunteers' hours of service
files-fig-callouts = Urgent call-outs
files-fig-callouts-value = { $total } call-outs ({ $filled } filled)
files-report-made = Prepared by Hamyar, { $date }
