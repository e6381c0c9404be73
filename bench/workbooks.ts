import JSZip from 'jszip';

/** A copy of `xlsx` whose sheets carry one merge over 200,000 rows: tiny as a zip, enormous when expanded. */
export const withHugeMerge = async (xlsx: Uint8Array): Promise<Uint8Array> => {
  const zip = await JSZip.loadAsync(xlsx);
  for (const name of Object.keys(zip.files).filter((n) => /^xl\/worksheets\/sheet\d+\.xml$/.test(n))) {
    const xml = (await zip.file(name)!.async('string')).replace(/<mergeCells[\s\S]*?<\/mergeCells>/, '');
    const merge = '<mergeCells count="1"><mergeCell ref="H200:Z200000"/></mergeCells>';
    // mergeCells follows sheetData and sheetProtection in the schema's element order.
    const after = /<sheetProtection[^>]*\/>/.exec(xml)?.[0] ?? '</sheetData>';
    zip.file(name, xml.replace(after, `${after}${merge}`));
  }
  return zip.generateAsync({ type: 'uint8array', compression: 'DEFLATE' });
};
