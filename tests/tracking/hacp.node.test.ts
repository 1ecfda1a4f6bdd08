// The HACP pieces the AICC tracker is made of: the launch parameters, the reader of LMS answers, the PutParam data.
import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {
  hacpBody,
  hacpLaunch,
  hacpTime,
  hacpValue,
  parseHacp,
  putParamData,
  readLessonStatus,
  readScore,
} from '../../src/tracking/aicc/hacp.js';

const PAGE = 'https://content.example.org/courses/ict/index.html';

describe('HACP launch parameters', () => {
  it('reads aicc_sid and aicc_url in any letter case and order', () => {
    for (const q of [
      '?aicc_sid=S1&aicc_url=https%3A%2F%2Flms.example.org%2Fhacp',
      '?AICC_URL=https://lms.example.org/hacp&AICC_SID=S1',
      '?Aicc_Sid=S1&other=1&Aicc_Url=https%253A%252F%252Flms.example.org%252Fhacp', // encoded twice
    ])
      assert.deepEqual(hacpLaunch(q, PAGE), {sid: 'S1', url: 'https://lms.example.org/hacp'}, q);
  });

  it("gives an address without a scheme the page's, and refuses what is missing or not http(s)", () => {
    assert.deepEqual(hacpLaunch('?aicc_sid=S&aicc_url=lms.example.org/cgi/hacp.pl', PAGE), {
      sid: 'S',
      url: 'https://lms.example.org/cgi/hacp.pl',
    });
    assert.equal(hacpLaunch('?aicc_sid=S', PAGE), null);
    assert.equal(hacpLaunch('?aicc_url=https://lms.example.org/', PAGE), null);
    assert.equal(hacpLaunch('?aicc_sid=S&aicc_url=javascript:alert(1)', PAGE), null);
  });

  it('sends a form: command, version, session_id, aicc_data', () => {
    const body = hacpBody('PutParam', 'S 1', '[Core]\r\nLesson_Status=incomplete\r\n');
    assert.equal(
      body.toString(),
      'command=PutParam&version=4.0&session_id=S+1&aicc_data=%5BCore%5D%0D%0ALesson_Status%3Dincomplete%0D%0A',
    );
  });
});

describe('reading what the LMS answers', () => {
  it('any case, blanks around =, CRLF or LF, comments, unknown keywords and groups', () => {
    const text =
      'Error = 0\r\nerror_text = Successful\r\nversion=4.0\r\naicc_data=\r\n[CORE]\r\nstudent_id = u42\r\nSTUDENT_NAME=Otieno, Grace\r\n' +
      '; a comment\r\nLesson_Location = lesson-3\r\nlesson_status = i, r\r\nScore = 55,100,0\r\nTime=00:10:00\r\nX_Vendor_Key=1\r\n\r\n' +
      '[core_lesson]\r\nv1~abc=d\r\n[Student_Data]\nMastery_Score=80\n[Unknown_Group]\nfoo=bar\n';
    const r = parseHacp(text);
    assert.equal(r.error, 0);
    assert.equal(r.errorText, 'Successful');
    assert.equal(hacpValue(r, 'Core', 'Student_ID'), 'u42');
    assert.equal(hacpValue(r, 'core', 'student_name'), 'Otieno, Grace');
    assert.equal(hacpValue(r, 'core', 'lesson_location'), 'lesson-3');
    assert.equal(r.groups.get('core_lesson')!.text, 'v1~abc=d');
    assert.equal(hacpValue(r, 'student_data', 'mastery_score'), '80');
    assert.equal(hacpValue(r, 'unknown_group', 'foo'), 'bar');
    assert.deepEqual(readLessonStatus(hacpValue(r, 'core', 'lesson_status')), {status: 'incomplete', entry: 'resume'});
    assert.equal(readScore(hacpValue(r, 'core', 'score')), 55);
  });

  it('no error= line, a word for a number, an error code, data on the aicc_data line', () => {
    assert.equal(parseHacp('[Core]\nStudent_ID=1\n').error, undefined);
    assert.equal(parseHacp('error=OK\n').error, undefined);
    assert.equal(parseHacp('error=3\nerror_text=Invalid Session ID\n').error, 3);
    const same = parseHacp('error=0\naicc_data=[Core]\nLesson_Status=passed\n');
    assert.equal(hacpValue(same, 'core', 'lesson_status'), 'passed');
    assert.equal(parseHacp('\uFEFFerror=0\r\n').error, 0);
  });

  it('lesson status words and letters, entry flags, scores', () => {
    assert.deepEqual(readLessonStatus('p'), {status: 'passed', entry: ''});
    assert.deepEqual(readLessonStatus('Not Attempted, ab-initio'), {status: 'not attempted', entry: 'ab-initio'});
    assert.deepEqual(readLessonStatus('n,a'), {status: 'not attempted', entry: 'ab-initio'});
    assert.deepEqual(readLessonStatus(''), {status: 'not attempted', entry: ''});
    assert.equal(readScore(''), undefined);
    assert.equal(readScore('abc'), undefined);
    assert.equal(readScore('66.67'), 66.67);
  });
});

describe('PutParam data', () => {
  it('[Core] with status and exit flag, score with max and min, time; [Core_Lesson] on one line; CRLF', () => {
    const d = putParamData({
      location: 'lesson-2',
      status: 'incomplete',
      exit: 'suspend',
      score: '66.67',
      time: hacpTime(3_723_400),
      coreLesson: 'abc\ndef',
    });
    assert.equal(
      d,
      '[Core]\r\nLesson_Location=lesson-2\r\nLesson_Status=incomplete, suspend\r\nScore=66.67,100,0\r\nTime=01:02:03\r\n[Core_Lesson]\r\nabc def\r\n',
    );
    assert.equal(hacpTime(0), '00:00:00');
    assert.equal(hacpTime(1e12), '9999:59:59');
    // what our reader makes of it is what was meant
    const back = parseHacp(d);
    assert.deepEqual(readLessonStatus(hacpValue(back, 'core', 'lesson_status')), {status: 'incomplete', entry: ''});
  });
});
