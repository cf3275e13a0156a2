import { Fragment } from 'react';
import type { Patient } from '../api';
import { patientIdentifierList } from '../format';

/** NHS number and MRN, each kept on one line so a phone never breaks "RPS-1001" in two. */
export function Identifiers({ patient }: { patient: Pick<Patient, 'nhsNumber' | 'mrn'> }) {
  return (
    <>
      {patientIdentifierList(patient).map((id, i) => (
        <Fragment key={id}>
          {i > 0 && ' · '}
          <span style={{ whiteSpace: 'nowrap' }}>{id}</span>
        </Fragment>
      ))}
    </>
  );
}
