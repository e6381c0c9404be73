import type { Bloc } from '../../model/bloc.js';
import { problem, type Problem } from '../../model/problem.js';
import type { LedgerDeps } from '../../pipeline/decisions.js';
import { ingestRawReviews, ingestReviewWorkbook, type ReviewReport } from '../../pipeline/ingest-reviews.js';
import { isReviewWorkbook, parseReviewWorkbook } from '../../review/review-workbook.js';
import { readXlsxGrid } from '../../source/xlsx-grid.js';
import type { Credential } from '../../store/credential-port.js';
import type { ReviewVersionRecord } from '../../store/ledger-port.js';
import type { UploadKey } from '../uploads.js';
import { actorOf } from './access.js';

/**
 * A review upload in the cloud (SPEC §10): a reviewer's upload (always read as its review), or a
 * lead's or an administrator's upload that is a review workbook. A reviewer's upload that is not a
 * review workbook, or whose `Đơn vị thẩm định` is not the reviewer's own unit, is recorded as a
 * rejected review of that reviewer with the reason, so that its history and report say why.
 * REVIEWER_NOT_ALLOWED rejects only the sheets of units the reviewer is not assigned.
 */
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** A member's upload of a review workbook: refused as its submission, saying what to do instead. */
export const reviewByMember = (unit: string): Problem =>
  problem(
    'INPUT_INVALID',
    null,
    `Đây là tệp thẩm định (có dòng "Đơn vị thẩm định"), không phải bản tự chấm của đơn vị ${unit}. Tệp thẩm định được nộp bằng đường dẫn thẩm định do trưởng khối cấp; bản tự chấm của đơn vị không thay đổi.`,
  );

const notAReview = (unit: string, why: string): Problem =>
  problem(
    'INPUT_INVALID',
    null,
    `Tệp tải lên bằng đường dẫn thẩm định của ${unit} không phải tệp thẩm định (${why}). Hãy tải mẫu thẩm định trên trang thẩm định, điền rồi tải lên lại; bản tự chấm của đơn vị được nộp bằng đường dẫn của đơn vị.`,
  );

const otherReviewer = (unit: string, named: string | null, cell: string | null): Problem =>
  problem(
    'REVIEWER_NOT_ALLOWED',
    cell,
    `Tệp ghi "Đơn vị thẩm định" là ${named ?? '(trống)'}, nhưng được tải lên bằng đường dẫn thẩm định của ${unit}: đơn vị chỉ được nộp kết quả thẩm định của chính mình. Không kết quả nào trong tệp được tính.`,
  );

export interface ReviewUploadOutcome {
  report: ReviewReport;
  version: ReviewVersionRecord;
  duplicate: boolean;
}

export const ingestReviewUpload = async (
  deps: LedgerDeps,
  bloc: Bloc,
  where: UploadKey,
  receipt: { uploadId: string; receivedAt: Date; bytes: Uint8Array; issuer?: Credential },
): Promise<ReviewUploadOutcome> => {
  const d: LedgerDeps = { ...deps, ...(receipt.issuer && { actor: actorOf(receipt.issuer) }) };
  const reviewerUnit = receipt.issuer?.role === 'reviewer' ? receipt.issuer.unit : undefined;
  const base = { file: where.file, uploadId: receipt.uploadId, receivedAt: receipt.receivedAt, raw: { bytes: receipt.bytes, contentType: XLSX } };
  // The uploader's unit, for a refusal's report and history (a receipt's `reviewer` names it even when no review stands).
  const refuse = (p: Problem) => ingestRawReviews(d, bloc, where.period, { ...base, reviewer: reviewerUnit ?? null }, [], [p]);
  const read = await readXlsxGrid(receipt.bytes);
  if (!read.ok) return refuse(reviewerUnit ? notAReview(reviewerUnit, read.problem.message) : read.problem);
  if (!isReviewWorkbook(read.grid)) return refuse(notAReview(reviewerUnit ?? where.unit, 'không có dòng "Đơn vị thẩm định" ở sheet Thông tin'));
  const parsed = parseReviewWorkbook(bloc, where.period, read.grid, receipt.uploadId);
  if (reviewerUnit && parsed.reviewer !== reviewerUnit) return refuse(otherReviewer(reviewerUnit, parsed.reviewer, null));
  const { raw: _raw, ...rest } = base;
  return ingestReviewWorkbook(d, bloc, where.period, { ...rest, bytes: receipt.bytes }, read);
};
